-- Drops a league group's listing (KEYS[1]) after a join, hide, unhide or erasure of one of
-- its members, and moves the group's generation (KEYS[2]) on, in one step, so that a
-- listing built from PostgreSQL before the change is never stored after it
-- (league_group.lua). The generation outlives any read in flight: ARGV[1] milliseconds.
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])
return 1
