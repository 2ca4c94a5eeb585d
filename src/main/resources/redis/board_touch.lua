-- Writes one user's absolute total on a board, never lowering it (scores are negative, so
-- LT keeps the higher total), and renews the board's time to live. While a rebuild of the
-- board is running, its build key exists and gets the same guarded write: the rebuild's
-- snapshot may predate this update, and the swap must not bring the older total back.
-- The board's version hash guards membership: a user who left the board (moved to another
-- scope, hidden) at version v is recorded there as -v, and a write of an older state can
-- then not put them back; a join that follows a move is recorded as +v, so that a late
-- removal of an older state cannot take them off again.
-- KEYS[1] board, KEYS[2] its build key, KEYS[3] its version hash (one hash slot);
-- ARGV[1] score, ARGV[2] user id, ARGV[3] time to live in milliseconds, ARGV[4] the
-- user's version, ARGV[5] '1' to record the version even when no entry exists yet.
local version = tonumber(ARGV[4])
local seen = redis.call('HGET', KEYS[3], ARGV[2])
if seen then
  local last = tonumber(seen)
  if math.abs(last) > version or (last < 0 and -last == version) then
    return 0
  end
end
if seen or ARGV[5] == '1' then
  redis.call('HSET', KEYS[3], ARGV[2], ARGV[4])
  redis.call('PEXPIRE', KEYS[3], ARGV[3])
end
redis.call('ZADD', KEYS[1], 'LT', ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('ZADD', KEYS[2], 'LT', ARGV[1], ARGV[2])
end
return 1
