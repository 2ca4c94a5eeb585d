dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
-- the streak list's top 10 (GET /streaks?limit=10), the global one
request = function()
	return wrk.format("GET", "/api/redis-leaderboard/streaks?limit=10")
end
