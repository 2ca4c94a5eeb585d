dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
request = function()
	return wrk.format("GET", "/api/redis-leaderboard/user/" .. random_user() .. "/rank/" .. next_period())
end
