dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
request = function()
	return wrk.format("GET", "/api/redis-leaderboard/" .. next_period() .. "?limit=10")
end
