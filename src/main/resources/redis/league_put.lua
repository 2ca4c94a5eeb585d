-- Replaces a league listing (KEYS[1]) with the fields given, for ARGV[1] milliseconds:
-- ARGV[2], ARGV[3], ... are field, value pairs (the '#' field always among them, so that
-- a cached listing is never empty).
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
