-- What the start-up and drift checks need of one board, in one atomic step
-- (docs/consistency.md, "Checksums"): whether it is loaded (the '#' marker) and being
-- rebuilt (its build key exists), its members by ZCARD, and its checksum hash
-- (checksum.lua): the members it counted and their sum, and with ARGV[1] = '1' every
-- bucket's sum too. Never a read of the members themselves. The sums are returned as
-- Redis holds them (strings of 64-bit integers): Lua's doubles would round them.
-- KEYS[1] board, KEYS[2] its build key, KEYS[3] its checksum (one hash slot).
-- Returns {loaded, building, card, checked, n, all, allb, field, sum, field, sum, ...}
-- (a bucket's two sums under fields '17' and '17b'), with checked 0 (and nothing after it)
-- when the board has no checksum.
local loaded = redis.call('ZSCORE', KEYS[1], '#') and 1 or 0
local building = redis.call('EXISTS', KEYS[2])
local card = redis.call('ZCARD', KEYS[1])
if redis.call('EXISTS', KEYS[3]) == 0 then
  return { loaded, building, card, 0 }
end
local reply = { loaded, building, card, 1 }
local head = redis.call('HMGET', KEYS[3], 'n', 'all', 'allb')
reply[5] = head[1] or '0'
reply[6] = head[2] or '0'
reply[7] = head[3] or '0'
if ARGV[1] == '1' then
  local fields = redis.call('HGETALL', KEYS[3])
  for i = 1, #fields, 2 do
    if fields[i] ~= 'n' and fields[i] ~= 'all' and fields[i] ~= 'allb' then
      reply[#reply + 1] = fields[i]
      reply[#reply + 1] = fields[i + 1]
    end
  end
end
return reply
