-- Erases a user from one board (docs/consistency.md, "Erasure"): off the board and off a
-- running build of it, off its membership guard, and leaves a tombstone, the SHA-1 of the
-- id with the erasure's version, so that no late write of an older state of the user (an
-- update's follow-up, a read's cache write, a relay or re-apply that read PostgreSQL
-- before the erasure) puts them back (board_touch.lua, board_leave.lua). A build running
-- meanwhile may have read the user before the erasure: the id goes into the build's
-- erased set, which its batches leave out (board_build_add.lua) until the swap drops it.
-- A state of the id recorded anew since (a version above the erasure's in the guard)
-- stays. Tombstones go after their time, up to a hundred per call, so the hash stays as
-- small as the erasures of the last day.
-- KEYS[1] board, KEYS[2] its build key, KEYS[3] its version hash, KEYS[4] its tombstones,
-- KEYS[5] their due times, KEYS[6] the build's erased set, KEYS[7] the board's team sum
-- (while it exists it loses the user's total with them: board_sum.lua), KEYS[8] the
-- board's checksum and KEYS[9] the build key's (one hash slot; they lose the user's term:
-- checksum.lua); ARGV[1] user id, ARGV[2] the erasure's version, ARGV[3] now in epoch
-- milliseconds, ARGV[4] how long tombstones and the build's erased set live, in
-- milliseconds, ARGV[5] the user's checksum id on this board. KEYS[10], the board's
-- generation (read.NearCache, same hash slot), is deleted whenever the user is taken off,
-- also when the board key is missing (evicted) while its generation is not.
-- Returns 1 when the user was taken off, 0 when a newer state of theirs stays.
local user, version, now, keep = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local due = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now, 'LIMIT', 0, 100)
if #due > 0 then
  redis.call('HDEL', KEYS[4], unpack(due))
  redis.call('ZREM', KEYS[5], unpack(due))
end
local digest = redis.sha1hex(user)
local marked = redis.call('HGET', KEYS[4], digest)
if not marked or tonumber(marked) < version then
  redis.call('HSET', KEYS[4], digest, version)
  redis.call('ZADD', KEYS[5], now + keep, digest)
  redis.call('PEXPIRE', KEYS[4], keep)
  redis.call('PEXPIRE', KEYS[5], keep)
end
local seen = redis.call('HGET', KEYS[3], user)
if seen and math.abs(tonumber(seen)) > version then
  return 0
end
local before = redis.call('ZSCORE', KEYS[1], user)
redis.call('ZREM', KEYS[1], user)
local checked = check_open(KEYS[8])
check_change(checked, tonumber(ARGV[5]), before, false)
check_close(checked)
if before and KEYS[7] ~= nil and redis.call('EXISTS', KEYS[7]) == 1 then
  local total = math.floor(-tonumber(before) / 33554432) -- BoardScore.TIE_SPAN
  if total > 0 then
    redis.call('HINCRBY', KEYS[7], 'score', -total)
    redis.call('HINCRBY', KEYS[7], 'members', -1)
  end
end
if KEYS[10] ~= nil then
  redis.call('DEL', KEYS[10])
end
if seen then
  redis.call('HDEL', KEYS[3], user)
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  local built = redis.call('ZSCORE', KEYS[2], user)
  redis.call('ZREM', KEYS[2], user)
  local buildChecked = check_open(KEYS[9])
  check_change(buildChecked, tonumber(ARGV[5]), built, false)
  check_close(buildChecked)
  redis.call('SADD', KEYS[6], user)
  redis.call('PEXPIRE', KEYS[6], keep)
end
return 1
