-- Records a user's version and update time in the user cache, unless a newer version is
-- there already: a late or replayed write can never move the cache backwards. While the
-- user cache is being rebuilt, the build key gets the same guarded write, so that the
-- swap cannot bring an older version back. A version older than the user's erasure (a
-- tombstone of user_erase.lua) is not written at all.
-- KEYS[1] user cache hash, KEYS[2] its build key, KEYS[3] its tombstones (one hash slot);
-- ARGV[1] user id, ARGV[2] version, ARGV[3] the entry (UserRecord), starting "version:".
-- Returns 0 when the cache kept a newer entry, 1 when it took this one, 2 when it took this
-- one and a listing may have shown another name for the user: the entry it replaced had
-- another name, or none (written before names), or there was no entry, and listings take
-- the name of a user the cache lacks from PostgreSQL (EntryNames), which may have changed
-- since. The pages the near cache keeps (read.NearCache) are then given up: the caller
-- gives the names a new generation (RedisGenerations).
local function name(entry)
  -- what follows the eighth ':' (the name comes last and may hold ':')
  local at = 0
  for _ = 1, 8 do
    at = string.find(entry, ':', at + 1, true)
    if not at then
      return nil
    end
  end
  return string.sub(entry, at + 1)
end
if redis.call('EXISTS', KEYS[3]) == 1 then
  local erased = redis.call('HGET', KEYS[3], redis.sha1hex(ARGV[1]))
  if erased and tonumber(erased) >= tonumber(ARGV[2]) then
    return 0
  end
end
local function touch(key)
  local current = redis.call('HGET', key, ARGV[1])
  if current then
    local version = tonumber(string.match(current, '^(%d+):'))
    -- an entry written before names and streaks (fewer than 9 fields) is completed by a
    -- write of the same version
    local _, fields = string.gsub(current, ':', ':')
    local older = version == tonumber(ARGV[2]) and fields < 8
    if version and version >= tonumber(ARGV[2]) and not older then
      return 0
    end
  end
  redis.call('HSET', key, ARGV[1], ARGV[3])
  local before = current and name(current)
  return (before and before == name(ARGV[3])) and 1 or 2
end
local touched = touch(KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then
  touch(KEYS[2])
end
return touched
