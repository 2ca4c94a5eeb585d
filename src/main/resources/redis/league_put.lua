-- Replaces a league listing (KEYS[1]) with the fields given, for ARGV[1] milliseconds,
-- unless the group's generation (KEYS[2]) moved past ARGV[2], the one the caller read
-- before it read PostgreSQL: a hide, unhide or erasure since (league_forget.lua) may
-- not be in the listing, which is then not stored (the next read builds it anew).
-- ARGV[3], ARGV[4], ... are field, value pairs (the '#' field always among them, so
-- that a cached listing is never empty). Answers 1 when stored, 0 when not.
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[2] then
    return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
