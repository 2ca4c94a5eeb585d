-- Takes a user off a board (they moved to another region or organisation, or were
-- hidden) unless a newer state of theirs reached this board already, and records the
-- version they left at (as -version) so that a late write of an older state cannot put
-- them back. The build key of a running rebuild loses them too. A state older than the
-- user's erasure (a tombstone of board_erase.lua) has nothing left to remove, and must
-- not write the erased id into the version hash again.
-- KEYS[1] board, KEYS[2] its build key, KEYS[3] its version hash, KEYS[4] its tombstones,
-- KEYS[5] its team sum (the sum, while it exists, loses the user's total with them:
-- board_sum.lua), KEYS[6] its checksum and KEYS[7] the build key's (one hash slot; they
-- lose the user's term: checksum.lua); ARGV[1] user id, ARGV[2] the version of the state
-- that is not on this board, ARGV[3] time to live of the version hash in milliseconds,
-- ARGV[4] the user's checksum id on this board. KEYS[8], the board's generation
-- (read.NearCache, same hash slot), is deleted whenever the removal is not refused, also
-- when the board key is missing (evicted) while its generation is not.
local version = tonumber(ARGV[2])
local seen = redis.call('HGET', KEYS[3], ARGV[1])
-- a join recorded at the same version does not stop it: that is a total a reset deleted
-- (a reset keeps versions), which the removal must take off
if seen and (tonumber(seen) > version or -tonumber(seen) >= version) then
  return 0
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  local erased = redis.call('HGET', KEYS[4], redis.sha1hex(ARGV[1]))
  if erased and tonumber(erased) >= version then
    return 0
  end
end
local before = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[1])
local checked = check_open(KEYS[6])
check_change(checked, tonumber(ARGV[4]), before, false)
check_close(checked)
if before and KEYS[5] ~= nil and redis.call('EXISTS', KEYS[5]) == 1 then
  local total = math.floor(-tonumber(before) / 33554432) -- BoardScore.TIE_SPAN
  if total > 0 then
    redis.call('HINCRBY', KEYS[5], 'score', -total)
    redis.call('HINCRBY', KEYS[5], 'members', -1)
  end
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  local built = redis.call('ZSCORE', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  local buildChecked = check_open(KEYS[7])
  check_change(buildChecked, tonumber(ARGV[4]), built, false)
  check_close(buildChecked)
end
if KEYS[8] ~= nil then
  redis.call('DEL', KEYS[8])
end
redis.call('HSET', KEYS[3], ARGV[1], -version)
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return 1
