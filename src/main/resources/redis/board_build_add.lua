-- Adds a batch of a board's snapshot rows to its build key, never lowering a total that an
-- update wrote there meanwhile (ZADD LT, as board_touch.lua), and leaving out users whom
-- the board's version hash records as gone (-version): a user who moved away or was
-- hidden after the snapshot was taken must not come back with the swap. A user who came
-- back since is recorded as +version and is added.
-- One HMGET and one ZADD per batch, and no HMGET while the board has no version hash (no
-- one moved or was hidden): a call per member made this script cost Redis about twice
-- what a plain ZADD of the batch does (BENCHMARKS.md, row 'full sync at 1M').
-- KEYS[1] the build key, KEYS[2] the board's version hash (one hash slot);
-- ARGV pairs of score and user id, at most a few thousand (unpack's limit).
local n = #ARGV / 2
if n == 0 then
  return 0
end
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('ZADD', KEYS[1], 'LT', unpack(ARGV))
  return n
end
local ids = {}
for j = 1, n do
  ids[j] = ARGV[2 * j]
end
local seen = redis.call('HMGET', KEYS[2], unpack(ids))
local members = {}
for j = 1, n do
  if not (seen[j] and tonumber(seen[j]) < 0) then
    members[#members + 1] = ARGV[2 * j - 1]
    members[#members + 1] = ids[j]
  end
end
if #members > 0 then
  redis.call('ZADD', KEYS[1], 'LT', unpack(members))
end
return #members / 2
