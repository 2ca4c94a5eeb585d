-- Adds a batch of a board's snapshot rows to its build key, never lowering a total that an
-- update wrote there meanwhile (ZADD LT, as board_touch.lua), and leaving out users whom
-- the board's version hash records as gone (-version): a user who moved away or was
-- hidden after the snapshot was taken must not come back with the swap. A user who came
-- back since is recorded as +version and is added. Users erased while the build runs are
-- in its erased set (board_erase.lua) and are left out as well.
-- One HMGET and one ZADD per batch, and no HMGET while the board has no version hash (no
-- one moved or was hidden) nor an erased set: a call per member made this script cost
-- Redis about twice what a plain ZADD of the batch does (BENCHMARKS.md, row 'full sync
-- at 1M').
-- The build key's checksum (checksum.lua) is not touched here: the caller adds up the
-- terms of the rows this batch added (BoardBuild) and the swap adds the sums in one step
-- (swap.lua). Adding each row's term here cost Redis more than the ZADD itself (a HINCRBY
-- per bucket and batch, and every row's term copied into Lua: BENCHMARKS.md, note 12). So
-- the script says which rows were not simply added: those it left out, and those that met
-- a member an update wrote into the build key first (the build's touched set,
-- board_touch.lua), with the score found there; the caller works their terms out.
-- Only the build that owns the build key writes into it: a builder that lost its lock
-- must not mix its older snapshot into the next build (KeyBuild).
-- KEYS[1] the build key, KEYS[2] the board's version hash, KEYS[3] the build's owner key,
-- KEYS[4] the build's erased set, KEYS[5] the build's touched set (one hash slot); ARGV
-- the batch's pairs of score and user id, at most a few thousand (unpack's limit), then
-- this build's token.
-- Returns {-1} when the build key is not this build's; otherwise the rows written, then
-- per row that was not simply added its place in the batch (from 1) and either 'out' (left
-- out) or the score that an update had written for it (the row met it: ZADD LT kept the
-- lower of the two).
local token = table.remove(ARGV)
if redis.call('GET', KEYS[3]) ~= token or redis.call('EXISTS', KEYS[1]) == 0 then
  return { -1 }
end
local n = #ARGV / 2
if n == 0 then
  return { 0 }
end
local guarded = redis.call('EXISTS', KEYS[2]) == 1
local erasures = redis.call('EXISTS', KEYS[4]) == 1
local touches = redis.call('EXISTS', KEYS[5]) == 1
if not guarded and not erasures and not touches then
  redis.call('ZADD', KEYS[1], 'LT', unpack(ARGV))
  return { n }
end
local ids = {}
for j = 1, n do
  ids[j] = ARGV[2 * j]
end
local seen, erased, touched = {}, {}, {}
if guarded then
  seen = redis.call('HMGET', KEYS[2], unpack(ids))
end
if erasures then
  erased = redis.call('SMISMEMBER', KEYS[4], unpack(ids))
end
if touches then
  touched = redis.call('SMISMEMBER', KEYS[5], unpack(ids))
end
local members, reply = {}, { 0 }
for j = 1, n do
  if (seen[j] and tonumber(seen[j]) < 0) or erased[j] == 1 then
    reply[#reply + 1] = j
    reply[#reply + 1] = 'out'
  else
    if touched[j] == 1 then
      local before = redis.call('ZSCORE', KEYS[1], ids[j])
      if before then
        reply[#reply + 1] = j
        reply[#reply + 1] = before
      end
    end
    members[#members + 1] = ARGV[2 * j - 1]
    members[#members + 1] = ids[j]
  end
end
if #members > 0 then
  redis.call('ZADD', KEYS[1], 'LT', unpack(members))
end
reply[1] = #members / 2
return reply
