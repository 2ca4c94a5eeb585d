-- Writes one user's absolute total on a board, never lowering it (scores are negative, so
-- LT keeps the higher total), and renews the board's time to live. While a rebuild of the
-- board is running, its build key exists and gets the same guarded write: the rebuild's
-- snapshot may predate this update, and the swap must not bring the older total back.
-- KEYS[1] board, KEYS[2] its build key (one hash slot); ARGV[1] score, ARGV[2] user id,
-- ARGV[3] time to live in milliseconds.
redis.call('ZADD', KEYS[1], 'LT', ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('ZADD', KEYS[2], 'LT', ARGV[1], ARGV[2])
end
return 1
