-- Puts a freshly built key in place of the live one atomically: readers see the old
-- board or the new one, never a partial or missing one. The old value is freed in the
-- background (UNLINK), so a large board does not block Redis.
-- KEYS[1] live, KEYS[2] build, KEYS[3] old (all in one hash slot).
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[3])
  redis.call('UNLINK', KEYS[3])
end
redis.call('RENAME', KEYS[2], KEYS[1])
return 1
