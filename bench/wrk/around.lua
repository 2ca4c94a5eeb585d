-- Around a random user (default radius 5), periods in turn.
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
request = function()
	return wrk.format("GET", "/api/redis-leaderboard/user/" .. random_user() .. "/around/" .. next_period())
end
