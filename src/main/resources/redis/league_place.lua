-- Remembers a user's group in a season: KEYS[1] the season's lookup bucket, ARGV[1] the
-- user, ARGV[2] 'tier:group', ARGV[3] milliseconds: until one season after the season's
-- end, the same moment for every entry of the bucket. An entry is a hint: the read checks
-- it against the group's listing, which the league check keeps in step.
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
