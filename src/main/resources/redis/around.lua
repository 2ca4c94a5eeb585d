-- A user's window on a board in one round trip: up to `radius` members above and below.
-- KEYS[1] board; ARGV[1] user id, ARGV[2] radius, ARGV[3] tie span (see BoardScore).
-- Returns {0} when the board is not loaded, {1, members} when the user is not on it, else
-- {1, members, user's score, users above the user's total, the window's first position,
--  users above the window's first total, {member, score, member, score, ...}}.
local scores = redis.call('ZMSCORE', KEYS[1], '#', ARGV[1])
if not scores[1] then
  return {0}
end
local members = redis.call('ZCARD', KEYS[1]) - 1
if not scores[2] then
  return {1, members}
end
local span = tonumber(ARGV[3])
local function above(score)
  local total = math.floor(-tonumber(score) / span)
  return redis.call('ZCOUNT', KEYS[1], '-inf', -((total + 1) * span))
end
local position = redis.call('ZRANK', KEYS[1], ARGV[1])
local radius = tonumber(ARGV[2])
local first = math.max(0, position - radius)
-- the marker '#' sorts after every member; a window at the bottom may reach it
local items = redis.call('ZRANGE', KEYS[1], first, position + radius, 'WITHSCORES')
return {1, members, scores[2], above(scores[2]), first, above(items[2]), items}
