-- One page of a board, in one round trip.
-- KEYS[1] board; ARGV[1] offset, ARGV[2] limit, ARGV[3] tie span (see BoardScore).
-- Returns {0} when the board is not loaded (no '#' sentinel), else
-- {1, members, users above the first entry's total, {member, score, member, score, ...}}.
local loaded = redis.call('ZSCORE', KEYS[1], '#')
if not loaded then
  return {0}
end
local members = redis.call('ZCARD', KEYS[1]) - 1
local offset = tonumber(ARGV[1])
local items = redis.call('ZRANGE', KEYS[1], offset, offset + tonumber(ARGV[2]) - 1, 'WITHSCORES')
local above = 0
if #items >= 2 and items[1] ~= '#' then
  local span = tonumber(ARGV[3])
  local total = math.floor(-tonumber(items[2]) / span)
  above = redis.call('ZCOUNT', KEYS[1], '-inf', -((total + 1) * span))
end
return {1, members, above, items}
