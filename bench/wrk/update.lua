-- POST /update for random generated users, one pomodoro each (rate limit off in the bench)
dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
local headers = { ["Content-Type"] = "application/json" }
request = function()
	return wrk.format("POST", "/api/redis-leaderboard/update", headers,
		'{"user_id":"' .. random_user() .. '","count":1}')
end
-- wrk itself reports "Non-2xx or 3xx responses", which the harness checks
