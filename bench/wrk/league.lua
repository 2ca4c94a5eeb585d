dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
-- a random league group of the current season: GET /leagues/{tier}/{group}, group 1 ..
-- BENCH_LEAGUE_GROUPS of tier BENCH_LEAGUE_TIER (every joiner of a first season is in the
-- lowest tier, bronze)
local groups = tonumber(os.getenv("BENCH_LEAGUE_GROUPS") or "1")
local tier = os.getenv("BENCH_LEAGUE_TIER") or "bronze"
request = function()
	return wrk.format("GET", "/api/redis-leaderboard/leagues/" .. tier .. "/" .. math.random(1, groups))
end
