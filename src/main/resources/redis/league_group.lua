-- A league group's listing, with the members' scores on the season's board in one call
-- (the listing shares the board's hash tag). KEYS[1] the board, KEYS[2] the listing,
-- KEYS[3] the group's generation (league_forget.lua), which a listing built after this
-- read must still match to be stored.
-- With arguments, stores a listing first (a read that missed it built it from
-- PostgreSQL): ARGV[1] milliseconds to live (until one season after the season's end:
-- the league check, not the time to live, drops what changed), ARGV[2] the generation
-- read before PostgreSQL, ARGV[3], ARGV[4], ... field, value pairs (the '#' field always
-- among them, so that a cached listing is never empty). It is not stored when a hide,
-- unhide, erasure, join or league check moved the generation past ARGV[2] since: the
-- listing may then miss that change (the next read builds it anew).
-- Answers {0} when the board is not loaded, {1, generation} when the listing is not
-- cached, else {2, generation, meta, user, result, score, user, result, score, ...} with
-- score '' for a member not on the board (a total of 0).
if not redis.call('ZSCORE', KEYS[1], '#') then
    return {0}
end
local generation = redis.call('GET', KEYS[3]) or '0'
if #ARGV > 0 and generation == ARGV[2] then
    redis.call('DEL', KEYS[2])
    redis.call('HSET', KEYS[2], unpack(ARGV, 3))
    redis.call('PEXPIRE', KEYS[2], ARGV[1])
end
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
