-- Records a user's version and update time in the user cache, unless a newer version is
-- there already: a late or replayed write can never move the cache backwards.
-- KEYS[1] user cache hash; ARGV[1] user id, ARGV[2] version, ARGV[3] "version:updatedMillis".
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local version = tonumber(string.match(current, '^(%d+):'))
  if version and version >= tonumber(ARGV[2]) then
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
