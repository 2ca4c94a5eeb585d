-- Writes users' absolute totals on one board, never lowering them (scores are negative, so
-- LT keeps the higher total), and renews the board's time to live. While a rebuild of the
-- board is running, its build key exists and gets the same guarded writes: the rebuild's
-- snapshot may predate these updates, and the swap must not bring an older total back.
-- The board's version hash guards membership: a user who left the board (moved to another
-- scope, hidden) at version v is recorded there as -v, and a write of an older state can
-- then not put them back; a join that follows a move is recorded as +v, so that a late
-- removal of an older state cannot take them off again.
-- One call carries every user of a batch on this board (group commit), so a batch costs
-- Redis one script per board instead of one per user and board.
-- KEYS[1] board, KEYS[2] its build key, KEYS[3] its version hash (one hash slot);
-- ARGV[1] time to live in milliseconds; then four values per user: score, user id, the
-- user's version, '1' to record the version even when no entry exists yet.
-- Returns how many users were written.
local building = redis.call('EXISTS', KEYS[2]) == 1
local written, versions = 0, false
for i = 2, #ARGV, 4 do
  local score, user, version = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local seen = redis.call('HGET', KEYS[3], user)
  local stale = false
  if seen then
    local last = tonumber(seen)
    stale = math.abs(last) > version or (last < 0 and -last == version)
  end
  if not stale then
    if seen or ARGV[i + 3] == '1' then
      redis.call('HSET', KEYS[3], user, ARGV[i + 2])
      versions = true
    end
    redis.call('ZADD', KEYS[1], 'LT', score, user)
    if building then
      redis.call('ZADD', KEYS[2], 'LT', score, user)
    end
    written = written + 1
  end
end
if written > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
if versions then
  redis.call('PEXPIRE', KEYS[3], ARGV[1])
end
return written
