-- Adds a batch of users to the user cache being rebuilt, keeping any newer version that a
-- concurrent update wrote there already (see user_touch.lua). One HMGET and one HSET per
-- batch, not two calls per user: the build key is mostly empty, and per-user calls made
-- this script the larger part of the user cache's load in Redis.
-- Only the build that owns the build key writes into it (-1 otherwise), as in
-- board_build_add.lua. Users erased while the build runs are in its erased set
-- (user_erase.lua) and are left out: the snapshot may predate the erasure.
-- KEYS[1] the build key, KEYS[2] the build's owner key, KEYS[3] the build's erased set
-- (one hash slot); ARGV pairs of user id and "version:updatedMillis:...", at most a few
-- thousand (unpack's limit), then this build's token.
local token = table.remove(ARGV)
if redis.call('GET', KEYS[2]) ~= token or redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local n = #ARGV / 2
if n == 0 then
  return 1
end
local ids = {}
for j = 1, n do
  ids[j] = ARGV[2 * j - 1]
end
local current = redis.call('HMGET', KEYS[1], unpack(ids))
local erased = {}
if redis.call('EXISTS', KEYS[3]) == 1 then
  erased = redis.call('SMISMEMBER', KEYS[3], unpack(ids))
end
local writes = {}
for j = 1, n do
  local incoming = ARGV[2 * j]
  local newer = erased[j] ~= 1
  if newer and current[j] then
    local version = tonumber(string.match(current[j], '^(%d+):'))
    local offered = tonumber(string.match(incoming, '^(%d+):'))
    newer = not (version and offered and version >= offered)
  end
  if newer then
    writes[#writes + 1] = ids[j]
    writes[#writes + 1] = incoming
  end
end
if #writes > 0 then
  redis.call('HSET', KEYS[1], unpack(writes))
end
return 1
