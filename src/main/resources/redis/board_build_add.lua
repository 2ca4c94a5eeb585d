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
-- The build key's checksum (checksum.lua) takes each row's term as it goes in: the caller
-- works the terms of the snapshot's totals out (BoardChecksum.term), and only a row that
-- meets a total an update wrote there first is worked out here (one ZMSCORE per batch
-- tells them apart). The swap makes it the board's.
-- Only the build that owns the build key writes into it (-1 otherwise): a builder that
-- lost its lock must not mix its older snapshot into the next build (KeyBuild).
-- KEYS[1] the build key, KEYS[2] the board's version hash, KEYS[3] the build's owner key,
-- KEYS[4] the build's erased set, KEYS[5] the build key's checksum (one hash slot); ARGV
-- the batch's pairs of score and user id, at most a few thousand (unpack's limit), then
-- per row in the same order its checksum id and its two terms, then this build's token.
local token = table.remove(ARGV)
if redis.call('GET', KEYS[3]) ~= token or redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local n = #ARGV / 5
if n == 0 then
  return 0
end
local guarded = redis.call('EXISTS', KEYS[2]) == 1
local erasures = redis.call('EXISTS', KEYS[4]) == 1
local checked = check_open(KEYS[5])
local ids = {}
for j = 1, n do
  ids[j] = ARGV[2 * j]
end
local before = {}
if checked.on then
  before = redis.call('ZMSCORE', KEYS[1], unpack(ids))
end
local function count(j)
  if not checked.on then
    return
  end
  local score, id = ARGV[2 * j - 1], tonumber(ARGV[2 * n + 3 * j - 2])
  if not before[j] then
    check_add(checked, id, tonumber(ARGV[2 * n + 3 * j - 1]), tonumber(ARGV[2 * n + 3 * j]), 1)
  elseif tonumber(score) < tonumber(before[j]) then
    check_change(checked, id, before[j], score)
  end
end
if not guarded and not erasures then
  redis.call('ZADD', KEYS[1], 'LT', unpack(ARGV, 1, 2 * n))
  for j = 1, n do
    count(j)
  end
  check_close(checked)
  return n
end
local seen = {}
if guarded then
  seen = redis.call('HMGET', KEYS[2], unpack(ids))
end
local erased = {}
if erasures then
  erased = redis.call('SMISMEMBER', KEYS[4], unpack(ids))
end
local members = {}
for j = 1, n do
  if not (seen[j] and tonumber(seen[j]) < 0) and erased[j] ~= 1 then
    members[#members + 1] = ARGV[2 * j - 1]
    members[#members + 1] = ids[j]
    count(j)
  end
end
if #members > 0 then
  redis.call('ZADD', KEYS[1], 'LT', unpack(members))
end
check_close(checked)
return #members / 2
