-- Adds a batch of a board's snapshot rows to its build key, never lowering a total that an
-- update wrote there meanwhile (ZADD LT, as board_touch.lua), and leaving out users whom
-- the board's version hash records as gone (-version): a user who moved away or was
-- hidden after the snapshot was taken must not come back with the swap. A user who came
-- back since is recorded as +version and is added.
-- KEYS[1] the build key, KEYS[2] the board's version hash (one hash slot);
-- ARGV pairs of score and user id.
local added = 0
for i = 1, #ARGV, 2 do
  local seen = redis.call('HGET', KEYS[2], ARGV[i + 1])
  if not (seen and tonumber(seen) < 0) then
    redis.call('ZADD', KEYS[1], 'LT', ARGV[i], ARGV[i + 1])
    added = added + 1
  end
end
return added
