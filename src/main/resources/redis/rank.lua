-- A user's standing on a board, in one round trip.
-- KEYS[1] board; ARGV[1] user id, ARGV[2] tie span (see BoardScore).
-- Returns {0} when the board is not loaded, {1, members} when the user is not on it,
-- else {1, members, score, users with a higher total}.
local scores = redis.call('ZMSCORE', KEYS[1], '#', ARGV[1])
if not scores[1] then
  return {0}
end
local members = redis.call('ZCARD', KEYS[1]) - 1
if not scores[2] then
  return {1, members}
end
local span = tonumber(ARGV[2])
local total = math.floor(-tonumber(scores[2]) / span)
local above = redis.call('ZCOUNT', KEYS[1], '-inf', -((total + 1) * span))
return {1, members, scores[2], above}
