-- Takes a background job's lease, or keeps it when this holder has it already: one
-- instance at a time runs the job; another takes over once the holder stops renewing.
-- KEYS[1] lease; ARGV[1] the holder's token, ARGV[2] time to live in milliseconds.
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
