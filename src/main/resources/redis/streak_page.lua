-- One page of a scope's streak list as of day T, in one round trip: the lists of T-1 and
-- T merged, by run descending (score ascending), then day (T-1 first), then user id. A
-- page deep in the list costs a binary search over the runs, not a walk to it.
-- KEYS[1] the list of day T-1, KEYS[2] of day T (one hash slot); ARGV[1] offset,
-- ARGV[2] limit. Returns {0} when either list is not loaded (no '#'), else {1, total,
-- users with a longer run than the first entry's, {user, run, 0 (T-1) or 1 (T), ...}}.
if not redis.call('ZSCORE', KEYS[1], '#') or not redis.call('ZSCORE', KEYS[2], '#') then
  return {0}
end
local total = redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2]) - 2
local offset, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
if offset >= total then
  return {1, total, 0, {}}
end
-- entries with a score below s (a longer run than -s)
local function below(s)
  return redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. s) + redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. s)
end
local function first(key, after)
  local from = (after == '-inf') and after or ('(' .. after)
  local item = redis.call('ZRANGE', key, from, 0, 'BYSCORE', 'LIMIT', 0, 1, 'WITHSCORES')
  if #item == 0 then
    return nil
  end
  return tonumber(item[2])
end
local function lowest(after)
  local a, b = first(KEYS[1], after), first(KEYS[2], after)
  if a and b then
    return math.min(a, b)
  end
  return a or b
end
-- the score of the entry at position offset: the least s with more than offset entries
-- at or below it
local s = lowest('-inf')
if offset > 0 then
  local lo, hi = s, -1
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if below(mid + 1) > offset then
      hi = mid
    else
      lo = mid + 1
    end
  end
  s = lo
end
local above = below(s)
local skip = offset - above
local items = {}
local need = limit
while need > 0 and s and s < 0 do
  for day = 1, 2 do
    if need > 0 then
      local group = redis.call('ZCOUNT', KEYS[day], s, s)
      if skip >= group then
        skip = skip - group
      else
        local users = redis.call('ZRANGE', KEYS[day], s, s, 'BYSCORE', 'LIMIT', skip, need)
        skip = 0
        for _, user in ipairs(users) do
          items[#items + 1] = user
          items[#items + 1] = -s
          items[#items + 1] = day - 1
          need = need - 1
        end
      end
    end
  end
  s = lowest(s)
end
return {1, total, above, items}
