-- A team's score and members on one board (a region's or an organisation's): the sum of
-- the board's totals and how many of them are above 0, in one round trip. The sum is kept
-- in a hash beside the board: summed here once, in full, when it is missing (never made,
-- dropped by a swap, expired, flushed), then kept in step by every script that changes a
-- total on the live board (board_touch.lua, board_leave.lua, board_erase.lua) in the same
-- atomic step, so it always equals the sum over the board; a swap drops it (swap.lua). A
-- team listing thus costs one call per team, not one per user (docs/consistency.md,
-- "Team boards").
-- KEYS[1] board, KEYS[2] its team sum (one hash slot); ARGV[1] the tie span (BoardScore),
-- ARGV[2] '1' to sum a board without a kept sum, '0' to answer {2} for it instead (the drift
-- check verifies the sums that exist, and makes none).
-- Returns {0} when the board is not loaded (no '#' marker), else {1, score, members}.
if not redis.call('ZSCORE', KEYS[1], '#') then
  return {0}
end
local kept = redis.call('HMGET', KEYS[2], 'score', 'members')
if kept[1] and kept[2] then
  return {1, tonumber(kept[1]), tonumber(kept[2])}
end
if ARGV[2] == '0' then
  return {2}
end
local span = tonumber(ARGV[1])
local score, members = 0, 0
local items = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #items, 2 do
  if items[i] ~= '#' then
    local total = math.floor(-tonumber(items[i + 1]) / span)
    if total > 0 then
      score = score + total
      members = members + 1
    end
  end
end
redis.call('HSET', KEYS[2], 'score', score, 'members', members)
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[2], ttl)
end
return {1, score, members}
