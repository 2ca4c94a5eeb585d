-- A board's checksum (docs/consistency.md, "Checksums"; app.leaderboard.core.BoardChecksum
-- defines it and says why): a hash beside the board, and beside its build key while a
-- rebuild runs, with the number of members ('n'), the sum over them of a term of (user,
-- total) ('all'), and the same sum per bucket of users (field = the bucket number). Every
-- script that changes a board's members changes it in the same atomic step, by the old
-- term out and the new one in, so it always describes the board: the start-up and drift
-- checks compare it with PostgreSQL's instead of reading members.
-- This file is put in front of those scripts when they are loaded (LuaScript.load), so the
-- hash is written down once. Redis's Lua has only doubles (exact below 2^53) and the bit
-- library's 32-bit operations: a term is worked out in 16-bit halves, and sums of more
-- than a script's worth of terms are added up by HINCRBY, in 64-bit integers.
-- Two sums are kept, of two terms per member (BoardChecksum.termA and termB): field
-- 'all' and the bucket's number hold the first, 'allb' and the number with 'b' the
-- second; a check compares both, 64 bits together.
-- A member's id, as the caller passes it: its bucket on this board * 2^42 + the low 42
-- bits of its key (BoardChecksum.scriptId), since Lua has no SHA-256.
local CHECK_SPAN = 33554432 -- BoardScore.TIE_SPAN: a score's total is floor(-score / span)
local CHECK_LOW = 4294967296 -- 2^32
local CHECK_KEY = 4398046511104 -- 2^42
local CHECK_MULTIPLIER = 73244475 -- BoardChecksum.MULTIPLIER
local CHECK_MULTIPLIER_B = 63369013 -- BoardChecksum.MULTIPLIER_B

-- x * c mod 2^32, for x below 2^32 and c below 2^27: every product stays below 2^53
local function check_mul(x, c)
  local lo = x % 65536
  return (lo * c + ((((x - lo) / 65536) * c) % 65536) * 65536) % CHECK_LOW
end

local function check_mix(x, c)
  x = check_mul(bit.bxor(x, bit.rshift(x, 16)) % CHECK_LOW, c)
  x = check_mul(bit.bxor(x, bit.rshift(x, 16)) % CHECK_LOW, c)
  return bit.bxor(x, bit.rshift(x, 16)) % CHECK_LOW + 1
end

-- What a member of id `id` adds at that score (BoardChecksum.termA, termB): 1 to 2^32 each
local function check_term(id, score)
  local total = math.floor(-tonumber(score) / CHECK_SPAN) % CHECK_LOW
  local key = id % CHECK_KEY
  local a = check_mix(bit.bxor(key % CHECK_LOW, total) % CHECK_LOW, CHECK_MULTIPLIER)
  local b = check_mix(bit.bxor(math.floor(key / 1024) % CHECK_LOW, total) % CHECK_LOW, CHECK_MULTIPLIER_B)
  return a, b
end

-- The changes one call makes to the checksum in `key`: kept only while that hash exists
-- (a rebuild makes it, with the board; see swap.lua), written when the call ends
local function check_open(key)
  return { key = key, on = key ~= nil and redis.call('EXISTS', key) == 1, members = 0, all = 0, allb = 0,
    buckets = {}, bucketsb = {} }
end

-- Adds `da` and `db` to the member's bucket and the board, and `members` to the count
local function check_add(c, id, da, db, members)
  if not c.on then
    return
  end
  local bucket = math.floor(id / CHECK_KEY)
  c.all = c.all + da
  c.allb = c.allb + db
  c.buckets[bucket] = (c.buckets[bucket] or 0) + da
  c.bucketsb[bucket] = (c.bucketsb[bucket] or 0) + db
  c.members = c.members + members
end

-- A member of id `id` went from score `before` to `after` (false: not a member)
local function check_change(c, id, before, after)
  if not c.on or before == after then
    return
  end
  local da, db, members = 0, 0, 0
  if before then
    local a, b = check_term(id, before)
    da, db, members = da - a, db - b, members - 1
  end
  if after then
    local a, b = check_term(id, after)
    da, db, members = da + a, db + b, members + 1
  end
  check_add(c, id, da, db, members)
end

local function check_close(c)
  if not c.on then
    return
  end
  for bucket, delta in pairs(c.buckets) do
    local deltab = c.bucketsb[bucket]
    -- a bucket whose members all left goes (every term is at least 1), so the hash is as
    -- large as the board's buckets
    if delta ~= 0 and redis.call('HINCRBY', c.key, bucket, delta) == 0 then
      redis.call('HDEL', c.key, bucket, bucket .. 'b')
    elseif deltab ~= 0 then
      redis.call('HINCRBY', c.key, bucket .. 'b', deltab)
    end
  end
  if c.all ~= 0 then
    redis.call('HINCRBY', c.key, 'all', c.all)
  end
  if c.allb ~= 0 then
    redis.call('HINCRBY', c.key, 'allb', c.allb)
  end
  if c.members ~= 0 then
    redis.call('HINCRBY', c.key, 'n', c.members)
  end
end
