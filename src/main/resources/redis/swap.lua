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
-- team read sums the new one.
-- KEYS[1] live, KEYS[2] build, KEYS[3] old, KEYS[4] the build's owner, KEYS[5] the
-- build's erased set, KEYS[6] (boards only) the live board's team sum (one hash slot); ARGV[1] this build's token, ARGV[2] the live key's
-- time to live in milliseconds, 0 for none.
local owner = redis.call('GET', KEYS[4])
if owner ~= ARGV[1] then
  if not owner then
    redis.call('UNLINK', KEYS[2], KEYS[5])
  end
  return 0
end
redis.call('DEL', KEYS[4], KEYS[5])
if redis.call('EXISTS', KEYS[2]) == 0 then
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
return 1
