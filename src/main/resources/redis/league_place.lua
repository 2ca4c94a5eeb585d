-- Remembers a user's group in a season: KEYS[1] the season's lookup bucket, ARGV[1] the
-- user, ARGV[2] 'tier:group', ARGV[3] milliseconds. The bucket expires that long after it
-- was made, whatever is added to it later, so that no entry outlives it.
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
