-- One bucket of a board as Redis holds it, for a check that found it differing from
-- PostgreSQL's (docs/consistency.md, "Checksums"), in one atomic step: the bucket's sum in
-- the board's checksum and the scores of the given users, those PostgreSQL lists in the
-- bucket and those changed while the check ran. What the bucket's sum holds beyond them
-- is members PostgreSQL does not have.
-- KEYS[1] board, KEYS[2] its checksum (one hash slot); ARGV[1] the bucket, then user ids
-- (any number: ZMSCORE takes them a thousand at a time, unpack's limit being a few).
-- Returns {{first sum or false, second sum or false}, {score or false per user}}.
local sum = redis.call('HMGET', KEYS[2], ARGV[1], ARGV[1] .. 'b')
local scores = {}
for from = 2, #ARGV, 1000 do
  local part = redis.call('ZMSCORE', KEYS[1], unpack(ARGV, from, math.min(#ARGV, from + 999)))
  for i = 1, #part do
    scores[#scores + 1] = part[i]
  end
end
return { sum, scores }
