-- Adds a batch of users to the user cache being rebuilt, keeping any newer version that a
-- concurrent update wrote there already (see user_touch.lua).
-- KEYS[1] the build key; ARGV pairs of user id and "version:updatedMillis".
for i = 1, #ARGV, 2 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  local newer = true
  if current then
    local version = tonumber(string.match(current, '^(%d+):'))
    local incoming = tonumber(string.match(ARGV[i + 1], '^(%d+):'))
    newer = not (version and incoming and version >= incoming)
  end
  if newer then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
return 1
