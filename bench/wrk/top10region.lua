dofile(os.getenv("BENCH_DIR") .. "/wrk/common.lua")
-- the top 10 of a random region's board (region-1 .. region-BENCH_REGIONS), periods in turn
local regions = tonumber(os.getenv("BENCH_REGIONS") or "50")
request = function()
	return wrk.format("GET", "/api/redis-leaderboard/" .. next_period() .. "?limit=10&region=region-"
		.. math.random(1, regions))
end
