-- A league group's listing, with the members' scores on the season's board in one call
-- (the listing shares the board's hash tag). KEYS[1] the board, KEYS[2] the listing,
-- KEYS[3] the group's generation (league_forget.lua), which a listing built after this
-- read must still match to be stored (league_put.lua).
-- Answers {0} when the board is not loaded, {1, generation} when the listing is not
-- cached, else {2, generation, meta, user, result, score, user, result, score, ...} with
-- score '' for a member not on the board (a total of 0).
if not redis.call('ZSCORE', KEYS[1], '#') then
    return {0}
end
local generation = redis.call('GET', KEYS[3]) or '0'
local fields = redis.call('HGETALL', KEYS[2])
if #fields == 0 then
    return {1, generation}
end
local reply = {2, generation, ''}
local ids = {}
local results = {}
for i = 1, #fields, 2 do
    if fields[i] == '#' then
        reply[3] = fields[i + 1]
    else
        ids[#ids + 1] = fields[i]
        results[#results + 1] = fields[i + 1]
    end
end
if #ids > 0 then
    local scores = redis.call('ZMSCORE', KEYS[1], unpack(ids))
    for i = 1, #ids do
        reply[#reply + 1] = ids[i]
        reply[#reply + 1] = results[i]
        reply[#reply + 1] = scores[i] or ''
    end
end
return reply
