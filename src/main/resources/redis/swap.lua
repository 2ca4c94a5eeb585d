-- Puts a freshly built key in place of the live one atomically: readers see the old
-- board or the new one, never a partial or missing one. The old value is freed in the
-- background (UNLINK), so a large board does not block Redis.
-- Only the build that started the build key swaps it in: when its owner key holds
-- another build's token (this one lost its lock and another builder started over) or
-- none (Redis lost the keys meanwhile: flushed, failed over), the build key is partial
-- and the swap is refused (0); an orphaned build key is dropped.
-- The live key's expiry is set here, not before: a renewal of the build key
-- (build_renew.lua) that raced the swap could otherwise leave it with a build's short life.
-- The ids erased while the build ran (board_erase.lua, user_erase.lua) go with the build:
-- a build that starts later reads a snapshot without them.
-- A board's team sum (board_sum.lua) summed the old board: it goes with it, and the next
-- team read sums the new one. A board's checksum (checksum.lua) is replaced by the build
-- key's in the same step: the updates during the build kept that one, and the terms of the
-- rows the build's batches added, which the builder added up (board_build_add.lua), are
-- added to it here. The new board never shows with the old one's checksum, nor without its
-- own (unless the build key's was lost, and then the board has none, which the next check
-- finds). The build's touched set (board_touch.lua) goes with the build. A board's
-- generation (read.NearCache) goes with the old board: a page kept from it is never served
-- for the new one.
-- KEYS[1] live, KEYS[2] build, KEYS[3] old, KEYS[4] the build's owner, KEYS[5] the
-- build's erased set, and for boards only KEYS[6] the live board's team sum, KEYS[7] its
-- checksum, KEYS[8] the build key's checksum, KEYS[9] the build's touched set, KEYS[10]
-- the board's generation (one hash slot); ARGV[1] this build's token, ARGV[2] the live
-- key's time to live in milliseconds, 0 for none, and for boards ARGV[3] the members the
-- batches added, ARGV[4] and ARGV[5] the sums of their two terms, then per bucket its
-- number and its two sums.
local owner = redis.call('GET', KEYS[4])
if owner ~= ARGV[1] then
  if not owner then
    redis.call('UNLINK', KEYS[2], KEYS[5])
    if KEYS[8] ~= nil then
      redis.call('UNLINK', KEYS[8], KEYS[9])
    end
  end
  return 0
end
redis.call('DEL', KEYS[4], KEYS[5])
if KEYS[9] ~= nil then
  redis.call('DEL', KEYS[9])
end
if redis.call('EXISTS', KEYS[2]) == 0 then
  if KEYS[8] ~= nil then
    redis.call('UNLINK', KEYS[8])
  end
  return 0
end
if ARGV[2] == '0' then
  redis.call('PERSIST', KEYS[2])
else
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[3])
  redis.call('UNLINK', KEYS[3])
end
redis.call('RENAME', KEYS[2], KEYS[1])
if KEYS[6] ~= nil then
  redis.call('DEL', KEYS[6])
end
if KEYS[10] ~= nil then
  redis.call('DEL', KEYS[10])
end
if KEYS[8] ~= nil then
  if redis.call('EXISTS', KEYS[8]) == 1 then
    redis.call('HINCRBY', KEYS[8], 'n', ARGV[3])
    redis.call('HINCRBY', KEYS[8], 'all', ARGV[4])
    redis.call('HINCRBY', KEYS[8], 'allb', ARGV[5])
    for i = 6, #ARGV, 3 do
      -- a bucket whose sum comes to 0 has no members (checksum.lua's check_close)
      if redis.call('HINCRBY', KEYS[8], ARGV[i], ARGV[i + 1]) == 0 then
        redis.call('HDEL', KEYS[8], ARGV[i], ARGV[i] .. 'b')
      else
        redis.call('HINCRBY', KEYS[8], ARGV[i] .. 'b', ARGV[i + 2])
      end
    end
    if ARGV[2] == '0' then
      redis.call('PERSIST', KEYS[8])
    else
      redis.call('PEXPIRE', KEYS[8], ARGV[2])
    end
    redis.call('RENAME', KEYS[8], KEYS[7])
  else
    redis.call('DEL', KEYS[7])
  end
end
return 1
