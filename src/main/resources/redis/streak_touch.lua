-- Writes users' streaks into one scope's lists (StreakWrites): each user is in the list of
-- the last day their streak counted, scored minus their run. A write for day D takes the
-- user off day D-1's list (the streak moved on) and is skipped when the user is on day
-- D+1's list already: a late write of an older state cannot bring them back a day. Nor
-- can a state older than the user's erasure (streak_erase.lua's tombstones, kept two
-- days).
-- KEYS[1] the list of day D-1, KEYS[2] of day D, KEYS[3] of day D+1, KEYS[4] and KEYS[5]
-- the scope's tombstones of today and yesterday (one hash slot); ARGV[1] day D's list's
-- time to live in milliseconds; then triples: user id, run ('0': take the user off all
-- three lists, as for a hidden user or one who left the scope), the user's version.
-- Returns how many users were written.
local written = 0
local function erased(user, version)
  for k = 4, 5 do
    if KEYS[k] and redis.call('EXISTS', KEYS[k]) == 1 then
      local at = redis.call('HGET', KEYS[k], redis.sha1hex(user))
      if at and tonumber(at) >= version then
        return true
      end
    end
  end
  return false
end
for i = 2, #ARGV, 3 do
  local user, run, version = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  if run == 0 then
    redis.call('ZREM', KEYS[1], user)
    redis.call('ZREM', KEYS[2], user)
    redis.call('ZREM', KEYS[3], user)
  elseif not redis.call('ZSCORE', KEYS[3], user) and not erased(user, version) then
    redis.call('ZREM', KEYS[1], user)
    redis.call('ZADD', KEYS[2], -run, user)
    written = written + 1
  end
end
if written > 0 then
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
return written
