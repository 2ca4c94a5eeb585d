-- Writes users' absolute totals on one board, never lowering them (scores are negative, so
-- LT keeps the higher total), and renews the board's time to live. While a rebuild of the
-- board is running, its build key exists and gets the same guarded writes: the rebuild's
-- snapshot may predate these updates, and the swap must not bring an older total back.
-- The board's version hash guards membership: a user who left the board (moved to another
-- scope, hidden) at version v is recorded there as -v, and a write of an older state can
-- then not put them back; a join that follows a move is recorded as +v, so that a late
-- removal of an older state cannot take them off again. While the board's joins key
-- lives (a rebuild is re-applying users to it), every join of a user not on the board yet
-- is recorded as +v too: the re-apply may have read an older state without a total here,
-- and its removal must not win over the user's first total. The board's tombstones
-- (board_erase.lua) keep out every state older than the user's erasure.
-- An id recorded anew after an erasure (mode '2') replaces its entry instead of merging
-- with it: Redis may still hold the erased user's totals when the erasure has not reached
-- it yet, and LT would keep them. Its version is recorded, so that no older state (of
-- either life) replaces it back; a second write of the same version merges (LT), as the
-- states of one batch share their version.
-- One call carries every user of a batch on this board (group commit), so a batch costs
-- Redis one script per board instead of one per user and board.
-- KEYS[1] board, KEYS[2] its build key, KEYS[3] its version hash, KEYS[4] its tombstones,
-- KEYS[5] its joins key, KEYS[6] its team sum, KEYS[7] its checksum, KEYS[8] the build key's
-- checksum, KEYS[9] the build's touched set (one hash slot); ARGV[1] time to live in
-- milliseconds; then five values per user:
-- score, user id, the user's version, the mode: '0' a guarded LT write, '1' the same
-- with the version recorded even when no entry exists yet, '2' an id recorded anew; and
-- the user's checksum id on this board (checksum.lua).
-- The board's team sum (board_sum.lua), while it exists, follows every change of a total
-- here, in the same script, so it always equals the sum over the board; so does the board's
-- checksum, and the build key's while a rebuild runs (checksum.lua). A user written into
-- the build key goes into the build's touched set, which lives as long as the build key
-- (build_renew.lua): the build's batches add up their rows' terms outside Redis, and must
-- know which rows met a total written here first (board_build_add.lua).
-- KEYS[10], the board's generation (read.NearCache), is deleted in the same script whenever
-- the live board changed, so that no instance serves a page cached before it.
-- Returns how many users were written.
local building = redis.call('EXISTS', KEYS[2]) == 1
local erasures = redis.call('EXISTS', KEYS[4]) == 1
local joining = KEYS[5] ~= nil and redis.call('EXISTS', KEYS[5]) == 1
local summed = KEYS[6] ~= nil and redis.call('EXISTS', KEYS[6]) == 1
local checked = check_open(KEYS[7])
local buildChecked = check_open(building and KEYS[8] or nil)
local span = 33554432 -- BoardScore.TIE_SPAN
local written, versions, touched = 0, false, false
local changed = 0
for i = 2, #ARGV, 5 do
  local score, user, version, mode = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), ARGV[i + 3]
  local id = tonumber(ARGV[i + 4])
  local seen = redis.call('HGET', KEYS[3], user)
  local stale = false
  if seen then
    local last = tonumber(seen)
    stale = math.abs(last) > version or (last < 0 and -last == version)
  end
  if not stale and erasures then
    local erased = redis.call('HGET', KEYS[4], redis.sha1hex(user))
    stale = erased and tonumber(erased) >= version
  end
  if not stale then
    local replace = mode == '2' and not (seen and tonumber(seen) == version)
    if seen or mode ~= '0' or (joining and not redis.call('ZSCORE', KEYS[1], user)) then
      redis.call('HSET', KEYS[3], user, ARGV[i + 2])
      versions = true
    end
    local before = (summed or checked.on) and redis.call('ZSCORE', KEYS[1], user)
    if replace then
      changed = changed + redis.call('ZADD', KEYS[1], 'CH', score, user)
    else
      changed = changed + redis.call('ZADD', KEYS[1], 'LT', 'CH', score, user)
    end
    local after = (summed or checked.on) and redis.call('ZSCORE', KEYS[1], user)
    check_change(checked, id, before, after)
    if summed then
      local old = before and math.floor(-tonumber(before) / span) or 0
      local new = math.floor(-tonumber(after) / span)
      if new ~= old then
        redis.call('HINCRBY', KEYS[6], 'score', new - old)
      end
      local counted = (new > 0 and 1 or 0) - (old > 0 and 1 or 0)
      if counted ~= 0 then
        redis.call('HINCRBY', KEYS[6], 'members', counted)
      end
    end
    if building then
      local built = buildChecked.on and redis.call('ZSCORE', KEYS[2], user)
      if replace then
        redis.call('ZADD', KEYS[2], score, user)
      else
        redis.call('ZADD', KEYS[2], 'LT', score, user)
      end
      check_change(buildChecked, id, built, buildChecked.on and redis.call('ZSCORE', KEYS[2], user))
      if KEYS[9] ~= nil then
        redis.call('SADD', KEYS[9], user)
        touched = true
      end
    end
    written = written + 1
  end
end
check_close(checked)
check_close(buildChecked)
if written > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  if summed then
    redis.call('PEXPIRE', KEYS[6], ARGV[1])
  end
  if checked.on then
    redis.call('PEXPIRE', KEYS[7], ARGV[1])
  end
end
if touched then
  local life = redis.call('PTTL', KEYS[2])
  if life > 0 then
    redis.call('PEXPIRE', KEYS[9], life)
  end
end
if versions then
  redis.call('PEXPIRE', KEYS[3], ARGV[1])
end
if changed > 0 and KEYS[10] ~= nil then
  redis.call('DEL', KEYS[10])
end
return written
