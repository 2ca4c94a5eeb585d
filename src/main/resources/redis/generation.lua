-- Makes a board's generation for the near cache (read.NearCache) when it is missing: a
-- random value that stands until the board changes, and is then deleted by the script that
-- changes it (board_touch.lua, board_leave.lua, board_erase.lua, swap.lua). Only writers
-- send this, after their own scripts (RedisGenerations); reads only look the value up, so
-- a read never writes, and a board without one is read as if there were no near cache.
-- The value is the caller's, random, never made twice: a page kept under one is never taken
-- for a later state, not after a change, and not after Redis lost the key (flushed,
-- restarted empty, evicted, expired), whatever the clocks say.
-- KEYS[1] the generation, KEYS[2] its board (one hash slot); ARGV[1] the value to make it
-- with, ARGV[2] its time to live in milliseconds (the board's).
-- Returns the value that stands; false when the board is not loaded (no '#' marker):
-- nothing is made for a board Redis does not serve whole.
local current = redis.call('GET', KEYS[1])
if current then
  return current
end
if not redis.call('ZSCORE', KEYS[2], '#') then
  return false
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
