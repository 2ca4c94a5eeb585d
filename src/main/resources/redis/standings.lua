-- Several users' standings on one board in one round trip (a friends list).
-- KEYS[1] board; ARGV[1] tie span (see BoardScore), ARGV[2..] user ids (distinct).
-- Returns {0} when the board is not loaded, else {1, {user, score, users above, ...}} for
-- the users on the board; users not on it are left out.
if not redis.call('ZSCORE', KEYS[1], '#') then
  return {0}
end
local span = tonumber(ARGV[1])
local ids = {}
for i = 2, #ARGV do
  ids[#ids + 1] = ARGV[i]
end
local out = {}
if #ids == 0 then
  return {1, out}
end
local scores = redis.call('ZMSCORE', KEYS[1], unpack(ids))
local aboveByTotal = {}
for i = 1, #ids do
  local score = scores[i]
  if score then
    local total = math.floor(-tonumber(score) / span)
    local above = aboveByTotal[total]
    if not above then
      above = redis.call('ZCOUNT', KEYS[1], '-inf', -((total + 1) * span))
      aboveByTotal[total] = above
    end
    out[#out + 1] = ids[i]
    out[#out + 1] = score
    out[#out + 1] = above
  end
end
return {1, out}
