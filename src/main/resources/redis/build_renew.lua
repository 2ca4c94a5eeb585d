-- Keeps a build key alive while its builder holds its lock: the builder's lock renewals
-- call it. It extends the build key and its owner key only while the owner key holds
-- this build's token, so a renewal that comes late never revives a build key that
-- another builder took over or Redis lost, and a killed builder's key expires.
-- KEYS[1] the build's owner key, KEYS[2] the build key, KEYS[3] and KEYS[4] (boards) the
-- build key's checksum and the build's touched set, which live as long as the build key
-- (one hash slot);
-- ARGV[1] this build's token, ARGV[2] time to live in milliseconds.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if KEYS[3] ~= nil then
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
  redis.call('PEXPIRE', KEYS[4], ARGV[2])
end
return redis.call('PEXPIRE', KEYS[2], ARGV[2])
