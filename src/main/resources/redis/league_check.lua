-- The league check's drop of a group that PostgreSQL says changed (league_forget.lua,
-- without making keys): when the listing (KEYS[1]) or the generation (KEYS[2]) exists,
-- moves the generation on for ARGV[1] milliseconds and drops the listing. A group with
-- neither has nothing cached and gets no key (after a flush every group of the season is
-- checked, which would otherwise make one generation per group); a read in flight that
-- stores a listing after this built it from PostgreSQL just before, and a change it
-- missed is within the margin the next check looks back over. Answers 1 when a listing
-- was dropped.
local listed = redis.call('EXISTS', KEYS[1])
if listed == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
    return 0
end
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])
return listed
