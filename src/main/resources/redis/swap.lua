-- Puts a freshly built key in place of the live one atomically: readers see the old
-- board or the new one, never a partial or missing one. The old value is freed in the
-- background (UNLINK), so a large board does not block Redis.
-- Only the build that started the build key swaps it in: when its owner key holds
-- another build's token (this one lost its lock and another builder started over) or
-- none (Redis lost the keys meanwhile: flushed, failed over), the build key is partial
-- and the swap is refused (0); an orphaned build key is dropped.
-- KEYS[1] live, KEYS[2] build, KEYS[3] old, KEYS[4] the build's owner (one hash slot);
-- ARGV[1] this build's token.
local owner = redis.call('GET', KEYS[4])
if owner ~= ARGV[1] then
  if not owner then
    redis.call('UNLINK', KEYS[2])
  end
  return 0
end
redis.call('DEL', KEYS[4])
if redis.call('EXISTS', KEYS[2]) == 0 then
  return 0
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[3])
  redis.call('UNLINK', KEYS[3])
end
redis.call('RENAME', KEYS[2], KEYS[1])
return 1
