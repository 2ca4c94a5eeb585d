-- Takes an erased user off one scope's streak lists of yesterday, today and tomorrow, and
-- leaves a tombstone with the erasure's version in today's tombstones of the scope, which
-- keeps out every late write of an older state (streak_touch.lua) for two days.
-- KEYS[1] the list of yesterday, KEYS[2] of today, KEYS[3] of tomorrow, KEYS[4] today's
-- tombstones (one hash slot); ARGV[1] user id, ARGV[2] the erasure's version, ARGV[3]
-- the tombstones' time to live in milliseconds. Returns how many lists lost the user.
local removed = 0
for k = 1, 3 do
  removed = removed + redis.call('ZREM', KEYS[k], ARGV[1])
end
local field = redis.sha1hex(ARGV[1])
local at = redis.call('HGET', KEYS[4], field)
if not at or tonumber(at) < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[4], field, ARGV[2])
end
redis.call('PEXPIRE', KEYS[4], ARGV[3])
return removed
