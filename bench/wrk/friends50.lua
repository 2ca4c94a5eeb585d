-- A friends list of 50 random users, periods in turn.
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
request = function()
	local ids = {}
	for i = 1, 50 do
		ids[i] = random_user()
	end
	return wrk.format("GET", "/api/redis-leaderboard/" .. next_period() .. "/users?ids=" .. table.concat(ids, ","))
end
