-- Erases a user from the user cache (docs/consistency.md, "Erasure"), as board_erase.lua
-- does from a board: the entry goes unless it is of a newer version (the id recorded anew
-- since), a tombstone (SHA-1 of the id, the erasure's version) keeps late writes of
-- older versions out (user_touch.lua), and a rebuild of the bucket running meanwhile
-- leaves the id out of its batches (users_build_add.lua).
-- KEYS[1] the user's bucket, KEYS[2] its build key, KEYS[3] its tombstones, KEYS[4] their
-- due times, KEYS[5] the build's erased set (one hash slot); ARGV as board_erase.lua's.
-- Returns 1 when the entry was taken off (or absent), 0 when a newer one stays.
local user, version, now, keep = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 100)
if #due > 0 then
  redis.call('HDEL', KEYS[3], unpack(due))
  redis.call('ZREM', KEYS[4], unpack(due))
end
local digest = redis.sha1hex(user)
local marked = redis.call('HGET', KEYS[3], digest)
if not marked or tonumber(marked) < version then
  redis.call('HSET', KEYS[3], digest, version)
  redis.call('ZADD', KEYS[4], now + keep, digest)
  redis.call('PEXPIRE', KEYS[3], keep)
  redis.call('PEXPIRE', KEYS[4], keep)
end
local function older(key)
  local current = redis.call('HGET', key, user)
  if not current then
    return true
  end
  local written = tonumber(string.match(current, '^(%d+):'))
  return not (written and written > version)
end
if not older(KEYS[1]) then
  return 0
end
redis.call('HDEL', KEYS[1], user)
if redis.call('EXISTS', KEYS[2]) == 1 and older(KEYS[2]) then
  redis.call('HDEL', KEYS[2], user)
  redis.call('SADD', KEYS[5], user)
  redis.call('PEXPIRE', KEYS[5], keep)
end
return 1
