-- Shared by the leaderboard scripts: random users of the generated set, periods in turn.
local users = tonumber(os.getenv("BENCH_USERS") or "1000000")
local periods = { "daily", "weekly", "monthly", "yearly" }
local counter = 0
function next_period()
	counter = counter + 1
	return periods[(counter % 4) + 1]
end
function random_user()
	return "user-" .. math.random(1, users)
end
function setup(thread)
	thread:set("id", math.random(1, 1000000))
end
function init(args)
	math.randomseed(os.time() + (id or 0))
end
