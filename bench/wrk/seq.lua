-- Each of BENCH_SEQ_FROM .. BENCH_SEQ_TO exactly once, then the thread stops (bench/run.sh
-- leagues). BENCH_SEQ_KIND: "join" POSTs one pomodoro for user-N (their first update of the
-- season joins them to a league group), "group" reads league group N of BENCH_LEAGUE_TIER,
-- "user" reads user-N's group (GET /leagues/user/{id}). Thread k of T takes FROM + k,
-- FROM + k + T, ...; once its numbers are used up it asks /actuator/info (answered at once)
-- until it stops, so a few such requests may follow a sweep: count the sweep's numbers,
-- not wrk's requests.
local from = tonumber(os.getenv("BENCH_SEQ_FROM") or "1")
local to = tonumber(os.getenv("BENCH_SEQ_TO") or "1")
local kind = os.getenv("BENCH_SEQ_KIND") or "join"
local tier = os.getenv("BENCH_LEAGUE_TIER") or "bronze"
local threads = {}
local headers = { ["Content-Type"] = "application/json" }
function setup(thread)
	table.insert(threads, thread)
	thread:set("index", #threads - 1)
end
local step = tonumber(os.getenv("BENCH_SEQ_THREADS") or "2")
local next_n
function init(args)
	next_n = from + (index or 0)
end
request = function()
	local n = next_n
	if n > to then
		return wrk.format("GET", "/actuator/info")
	end
	next_n = n + step
	if kind == "join" then
		return wrk.format("POST", "/api/redis-leaderboard/update", headers,
			'{"user_id":"user-' .. n .. '","count":1}')
	elseif kind == "group" then
		return wrk.format("GET", "/api/redis-leaderboard/leagues/" .. tier .. "/" .. n)
	else
		return wrk.format("GET", "/api/redis-leaderboard/leagues/user/user-" .. n)
	end
end
response = function(status, headers, body)
	if next_n > to then
		wrk.thread:stop()
	end
end
