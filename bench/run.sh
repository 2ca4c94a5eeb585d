#!/usr/bin/env bash
# The leaderboard benchmarks (BENCHMARKS.md). Everything runs on this one machine, side by
# side in one run: the service jar, a redis-server of the bench's own (so used_memory is
# ours alone), the PostgreSQL at $BENCH_PG (a database of the bench's own), wrk and pgbench.
#
#   bench/run.sh [section ...]     sections: http paths sync memory updates standings fallback scopes profile
#                                  (default: all but scopes and profile)
#
# Settings (environment): BENCH_USERS (1000000), BENCH_SIZES for 'paths' ("10000 100000
# 1000000"), BENCH_ROUNDS (3: each number is the median of this many runs), BENCH_SECONDS
# (10: wrk/pgbench duration per run), BENCH_PROFILE_KINDS (the endpoints "profile" records: "trivial top10 rank user update"), BENCH_WARMUP (30: seconds of load on every endpoint
# before the timed rounds, so the JIT is warm), BENCH_CONNECTIONS (16), BENCH_JAR (target/leaderboard.jar), BENCH_PG
# (postgresql://postgres@127.0.0.1:5432), BENCH_DB (lb_bench), BENCH_KEEP_DATA (0; 1 reuses a data set of the right size), BENCH_REDIS_PORT (6391), BENCH_HTTP_PORT (18081).
# Needs: a JDK 17, wrk and pgbench/psql (Debian: apt-get install wrk postgresql-client),
# redis-server (apt-get install redis-server). Results: bench/results/<time>/, summary.md there.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
export BENCH_DIR
USERS="${BENCH_USERS:-1000000}"
SIZES="${BENCH_SIZES:-10000 100000 1000000}"
ROUNDS="${BENCH_ROUNDS:-3}"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
WARMUP="${BENCH_WARMUP:-30}"
PG="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}"
REDIS_PORT="${BENCH_REDIS_PORT:-6391}"
HTTP_PORT="${BENCH_HTTP_PORT:-18081}"
DB="${BENCH_DB:-lb_bench}"
JAR="${BENCH_JAR:-$ROOT/target/leaderboard.jar}"
# extra JVM options for the CLI and the service (BENCH_JAVA_OPTS), and for the service alone
# (BENCH_SERVICE_JAVA_OPTS), e.g. a flight recording: -XX:StartFlightRecording=settings=profile,filename=...
JAVA_OPTS="${BENCH_JAVA_OPTS:-}"
SERVICE_JAVA_OPTS="${BENCH_SERVICE_JAVA_OPTS:-}"
OUT="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.md"

export DATABASE_URL="$PG/$DB"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export LEADERBOARD_KEYPREFIX="bench:"
export LEADERBOARD_RATE_LIMIT_PER_MINUTE=0
export SERVER_PORT="$HTTP_PORT"
export MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true
export LEADERBOARD_ADMIN_TOKEN="bench-admin-token"

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/log.txt" >&2; }
say() { echo "$*" | tee -a "$SUMMARY"; }
cli() { java -Xmx2g $JAVA_OPTS -jar "$JAR" "$@" 2>>"$OUT/cli-stderr.txt"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
check() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { ok = (op == ">=") ? (a >= b) : (a <= b); print ok ? "met" : "MISSED" }'; }

# wrk's "99%  12.34ms" in milliseconds
wrk_p99() { awk '$1 == "99%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v); f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.3f\n", v * f }' "$1"; }
wrk_p50() { awk '$1 == "50%" { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v); f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.3f\n", v * f }' "$1"; }
wrk_rps() { awk '$1 == "Requests/sec:" { print $2 }' "$1"; }
wrk_errors() { awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { n += 1 } END { print n + 0 }' "$1"; }

# ---- where the CPU goes: a process-level profile of each timed run ----
# CPU time (user + system, in ms) that each part used during one timed run: the service,
# the PostgreSQL server (its postmaster, its backends, and the backends that ended), the
# bench's redis-server, and the load generator (wrk or pgbench). On this small machine
# they all share the same cores, so a request's cost is the sum, not the service's part.
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))
POSTMASTER=
postmaster() {
	if [[ -z "$POSTMASTER" ]]; then
		local checkpointer
		checkpointer=$(psql "$PG/postgres" -tAc "select pid from pg_stat_activity where backend_type = 'checkpointer'")
		POSTMASTER=$(awk '{ print $4 }' "/proc/$checkpointer/stat")
	fi
	echo "$POSTMASTER"
}
ticks_of() { for pid in "$@"; do awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'; }
pg_ticks() {
	local pm
	pm=$(postmaster)
	{ awk '{ print $14 + $15 + $16 + $17 }' "/proc/$pm/stat"; ticks_of $(pgrep -P "$pm"); } | awk '{ s += $1 } END { print s + 0 }'
}
redis_pid() { cat "$OUT/redis.pid" 2>/dev/null || true; }
# cpu_run NAME COMMAND...: runs the load generator, and writes the CPU ms of each part to
# $OUT/cpu-NAME.txt as "service postgres redis generator"
cpu_run() {
	local name=$1
	shift
	local s0 p0 r0 s1 p1 r1
	s0=$(ticks_of "$SERVICE_PID"); p0=$(pg_ticks); r0=$(ticks_of "$(redis_pid)")
	# which commands the bench's Redis ran during the round, and its time in each
	redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
	/usr/bin/time -f '%U %S' -o "$OUT/time-$name.txt" "$@"
	s1=$(ticks_of "$SERVICE_PID"); p1=$(pg_ticks); r1=$(ticks_of "$(redis_pid)")
	redis-cli -p "$REDIS_PORT" info commandstats >"$OUT/commandstats-$name.txt"
	awk -v t="$TICK_MS" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v r=$((r1 - r0)) \
		'{ printf "%d %d %d %d\n", s * t, p * t, r * t, ($1 + $2) * 1000 }' "$OUT/time-$name.txt" >"$OUT/cpu-$name.txt"
}
# redis-benchmark -q's final "NAME: 52812.25 requests per second, p50=..." (its progress
# lines share the same line, separated by carriage returns)
redis_rps() { tr '\r' '\n' <"$1" | awk '/requests per second/ { for (i = 1; i < NF; i++) if ($(i + 1) == "requests") print $i }' | tail -1; }
wrk_requests() { awk '/requests in/ { print $1 }' "$1"; }
pgbench_transactions() { awk -F': ' '/number of transactions actually processed/ { split($2, n, "/"); print n[1] }' "$1"; }
# the median over rounds of each part's CPU ms per request: cpu_per_request PREFIX COUNT_FUNCTION
# (cpu files $OUT/cpu-PREFIX-<round>.txt, outputs $OUT/PREFIX-<round>.txt); prints "service postgres redis generator total"
cpu_per_request() {
	local prefix=$1 count=$2 col
	for col in 1 2 3 4 5; do
		for r in $(seq "$ROUNDS"); do
			awk -v n="$($count "$OUT/$prefix-$r.txt")" -v c="$col" \
				'{ v = (c == 5) ? $1 + $2 + $3 + $4 : $c; printf "%.3f\n", (n > 0) ? v / n : 0 }' "$OUT/cpu-$prefix-$r.txt"
		done | median
	done | tr '\n' ' '
}

machine() {
	say "- machine: $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2 }'), $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB memory; shared with other engineers' builds"
	say "- software: $(java -version 2>&1 | head -1), $(redis-server --version | awk '{ print $3 }'), PostgreSQL $(psql "$PG/postgres" -tAc 'show server_version'), $(wrk --version 2>&1 | head -1 | awk '{ print $1, $2 }'), pgbench $(pgbench --version | awk '{ print $3 }')"
	# autovacuum off (as on the CI machines here) lets the counter tables bloat during a run
	say "- PostgreSQL settings: autovacuum $(psql "$PG/postgres" -tAc 'show autovacuum'), shared_buffers $(psql "$PG/postgres" -tAc 'show shared_buffers'), synchronous_commit $(psql "$PG/postgres" -tAc 'show synchronous_commit')"
	say "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

start_redis() {
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
		--pidfile "$OUT/redis.pid" --logfile "$OUT/redis.log" --dir "$OUT" >/dev/null
	for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return; sleep 0.1; done
	echo "redis-server did not start" >&2; exit 1
}
stop_redis() { [[ -f "$OUT/redis.pid" ]] && kill "$(cat "$OUT/redis.pid")" 2>/dev/null || true; sleep 0.5; rm -f "$OUT/redis.pid"; }
used_memory() { redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }'; }

SERVICE_PID=
start_service() {
	java -Xmx2g $JAVA_OPTS $SERVICE_JAVA_OPTS -jar "$JAR" >"$OUT/service.log" 2>&1 &
	SERVICE_PID=$!
	for _ in $(seq 240); do
		curl -fs "http://127.0.0.1:$HTTP_PORT/actuator/health/liveness" >/dev/null 2>&1 && { wait_warm; return; }
		sleep 0.5
	done
	echo "service did not start; see $OUT/service.log" >&2; exit 1
}
# the service loads the boards that just ended (yesterday's, last week's, last month's, last
# year's) in the background after it starts; measuring before they are loaded would time
# that load too. Waits until each one carries its loaded marker '#' (zone: UTC).
wait_warm() {
	local monday keys=()
	monday=$(date -u -d "today - $(( $(date -u +%u) - 1 )) days" +%F)
	keys+=("bench:board:{daily:$(date -u -d yesterday +%F)}")
	keys+=("bench:board:{weekly:$(date -u -d "$monday - 7 days" +%F)}")
	keys+=("bench:board:{monthly:$(date -u -d "$(date -u +%Y-%m-01) - 1 month" +%F)}")
	keys+=("bench:board:{yearly:$(( $(date -u +%Y) - 1 ))-01-01}")
	for _ in $(seq 600); do
		local missing=0
		for key in "${keys[@]}"; do
			[[ -n "$(redis-cli -p "$REDIS_PORT" zscore "$key" '#')" ]] || missing=1
		done
		(( missing == 0 )) && { log "previous boards loaded: ${keys[*]}"; wait_startup_compare; return; }
		sleep 1
	done
	log "previous boards still not loaded after 600 s; measuring anyway"
}
# the start-up compare of Redis with PostgreSQL (and any rebuild it starts) runs in the
# background too, and takes CPU from what is measured until it ends
wait_startup_compare() {
	for _ in $(seq 600); do
		grep -q 'Start-up compare \(of Redis with PostgreSQL done\|skipped\|stopped\)' "$OUT/service.log" && {
			log "$(grep -o 'Start-up compare.*' "$OUT/service.log" | tail -1)"
			return
		}
		sleep 1
	done
	log "the start-up compare still runs after 600 s; measuring anyway"
}
stop_service() { [[ -n "$SERVICE_PID" ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=; }
cleanup() { stop_service; stop_redis; }
trap cleanup EXIT

# BENCH_KEEP_DATA=1 keeps a database that already exists, and a data set of exactly the
# size asked for (generating 10M users takes a quarter of an hour); the default starts afresh
KEEP="${BENCH_KEEP_DATA:-0}"
users_in_db() { psql "$DATABASE_URL" -tAc "select count(*) from users" 2>/dev/null || echo 0; }
fresh_database() {
	if [[ "$KEEP" == 1 ]] && [[ -n "$(psql "$PG/postgres" -tAc "select 1 from pg_database where datname = '$DB'")" ]]; then
		log "keeping database $DB"
		return
	fi
	psql "$PG/postgres" -qc "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
}
# generate N users, vacuum (as autovacuum would soon: sets the visibility map that the
# fallback's index-only scans need) and load the cache
dataset() {
	if [[ "$KEEP" == 1 ]] && [[ "$(users_in_db)" == "$1" ]]; then
		log "dataset: keeping the $1 users already in $DB"
	else
		log "dataset: $1 users"
		cli generate --users "$1" --seed 42 --replace | tee -a "$OUT/generate-$1.txt" >&2
	fi
	psql "$DATABASE_URL" -qc "vacuum analyze users, period_totals, board_sizes, board_histogram, outbox"
	cli cache refresh >>"$OUT/refresh-$1.txt"
}

# ---- (1) HTTP reads against the trivial endpoint ----
# warm: BENCH_WARMUP seconds of load on each endpoint first (a fresh JVM runs at a third of
# its later speed); then ROUNDS interleaved rounds; and redis-benchmark's raw command rate on
# the same Redis in the same run, the physical limit of this box for one round trip
http() {
	log "http: $USERS users, warm-up ${WARMUP}s per endpoint, $ROUNDS rounds x $SECONDS_PER_RUN s, $CONNECTIONS connections"
	start_service
	for kind in trivial top10 rank user; do
		BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/$kind.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	done
	for round in $(seq "$ROUNDS"); do
		for kind in trivial top10 rank user; do
			BENCH_USERS=$USERS cpu_run "http-$kind-$round" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
				-s "$BENCH_DIR/wrk/$kind.lua" "http://127.0.0.1:$HTTP_PORT" >"$OUT/http-$kind-$round.txt"
		done
		redis-benchmark -p "$REDIS_PORT" -c "$CONNECTIONS" -n 200000 -q -t ping_mbulk >"$OUT/redis-ping-$round.txt" 2>&1
		redis-benchmark -p "$REDIS_PORT" -c "$CONNECTIONS" -n 200000 -q \
			zcount "bench:board:{daily:$(date -u +%F)}" '(-100000' +inf >"$OUT/redis-zcount-$round.txt" 2>&1
	done
	stop_service
	say ""
	say "### (1) HTTP reads at $USERS users ($CONNECTIONS connections, wrk -t2, ${WARMUP}s warm-up per endpoint, ${SECONDS_PER_RUN}s x $ROUNDS rounds interleaved, medians)"
	say ""
	say "| endpoint | requests/s | p50 ms | p99 ms | vs /actuator/info | errors |"
	say "| --- | ---: | ---: | ---: | ---: | ---: |"
	local trivial
	trivial=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/http-trivial-$r.txt"; done | median)
	for kind in trivial top10 rank user; do
		local rps p50 p99 errors
		rps=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/http-$kind-$r.txt"; done | median)
		p50=$(for r in $(seq "$ROUNDS"); do wrk_p50 "$OUT/http-$kind-$r.txt"; done | median)
		p99=$(for r in $(seq "$ROUNDS"); do wrk_p99 "$OUT/http-$kind-$r.txt"; done | median)
		errors=$(for r in $(seq "$ROUNDS"); do wrk_errors "$OUT/http-$kind-$r.txt"; done | awk "{ s += \$1 } END { print s + 0 }")
		say "| $kind | $rps | $p50 | $p99 | $(ratio "$rps" "$trivial") | $errors |"
		eval "HTTP_RATIO_$kind=$(ratio "$rps" "$trivial")"
	done
	local ping zcount
	ping=$(for r in $(seq "$ROUNDS"); do redis_rps "$OUT/redis-ping-$r.txt"; done | median)
	zcount=$(for r in $(seq "$ROUNDS"); do redis_rps "$OUT/redis-zcount-$r.txt"; done | median)
	say "| redis-benchmark PING (raw, no HTTP) | $ping | | | | |"
	say "| redis-benchmark ZCOUNT on the daily board (raw) | $zcount | | | | |"
	say ""
	for kind in top10 rank user; do
		local r
		r=$(eval echo "\$HTTP_RATIO_$kind")
		say "Target $kind >= 0.9x /actuator/info: $(check "$r" ">=" 0.9) (${r}x)"
	done
	say ""
	say "Where the CPU goes: ms of CPU per request, by process, during the timed rounds (medians; all share the machine's $(nproc) cores)"
	say ""
	say "| endpoint | service | PostgreSQL | Redis | wrk | total |"
	say "| --- | ---: | ---: | ---: | ---: | ---: |"
	for kind in trivial top10 rank user; do
		say "| $kind | $(cpu_per_request "http-$kind" wrk_requests | awk '{ printf "%s | %s | %s | %s | %s", $1, $2, $3, $4, $5 }') |"
	done
}

# ---- (2) Redis path against the PostgreSQL fallback path ----
paths() {
	say ""
	say "### (2) Redis path vs PostgreSQL path (cache perf, concurrency 4, medians of $ROUNDS runs)"
	say ""
	say "| users | kind | Redis qps | Redis p50 ms | Redis p99 ms | PostgreSQL qps | PostgreSQL p50 ms | PostgreSQL p99 ms | PostgreSQL p50 / Redis p50 |"
	say "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	for size in $SIZES; do
		dataset "$size"
		local pg_requests=2000
		for round in $(seq "$ROUNDS"); do
			cli cache perf --source redis --kinds top-10,rank --requests 5000 --warmup 500 >"$OUT/paths-$size-redis-$round.txt"
			cli cache perf --source postgres --kinds top-10,rank --requests "$pg_requests" --warmup 50 >"$OUT/paths-$size-postgres-$round.txt"
		done
		for kind in top-10 rank; do
			local cols=()
			for source in redis postgres; do
				for field in 3 4 6; do
					cols+=("$(for r in $(seq "$ROUNDS"); do awk -v k="$kind" -v f="$field" '$1 == k { print $f }' "$OUT/paths-$size-$source-$r.txt"; done | median)")
				done
			done
			say "| $size | $kind | ${cols[0]} | ${cols[1]} | ${cols[2]} | ${cols[3]} | ${cols[4]} | ${cols[5]} | $(ratio "${cols[4]}" "${cols[1]}")x |"
			eval "P50_${kind//-/_}_redis_$size=${cols[1]}"
			eval "P50_${kind//-/_}_postgres_$size=${cols[4]}"
		done
	done
	local first last
	first=$(echo "$SIZES" | awk '{ print $1 }')
	last=$(echo "$SIZES" | awk '{ print $NF }')
	local small big pg
	small=$(eval echo "\$P50_rank_redis_$first")
	big=$(eval echo "\$P50_rank_redis_$last")
	pg=$(eval echo "\$P50_rank_postgres_$last")
	say ""
	say "Redis rank p50 at $last vs $first: $(ratio "$big" "$small")x (target <= 1.5x at 10M vs 10k: $(check "$(ratio "$big" "$small")" "<=" 1.5) at these sizes)"
	say "PostgreSQL (fallback) rank p50 / Redis rank p50 at $last: $(ratio "$pg" "$big")x (target <= 10x at 10M, users drawn from the whole board: $(check "$(ratio "$pg" "$big")" "<=" 10) at $last)"
}

# ---- (3) full sync against a naive one-user-at-a-time sync ----
sync_rate() {
	log "sync: $USERS users"
	local ms=() rows
	for round in $(seq "$ROUNDS"); do
		cli cache init >"$OUT/sync-$round.txt"
		ms+=("$(awk '{ for (i = 1; i <= NF; i++) if ($i == "ms") { v = $(i - 1); gsub(/,/, "", v); print v } }' "$OUT/sync-$round.txt")")
	done
	rows=$(awk '{ u = $2; m = $5; gsub(/,/, "", u); gsub(/,/, "", m); print u + m }' "$OUT/sync-1.txt")
	local median_ms
	median_ms=$(printf '%s\n' "${ms[@]}" | median)
	(cd "$ROOT" && ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null)
	java -cp "$ROOT/target/classes:$(cat "$ROOT/target/bench-classpath.txt")" "$BENCH_DIR/java/NaiveSync.java" \
		"jdbc:postgresql://${PG#postgresql://postgres@}/$DB" "$REDIS_URL" 30 >"$OUT/sync-naive.txt"
	local naive fast
	naive=$(awk '$1 == "naive_rows_per_second" { print $2 }' "$OUT/sync-naive.txt")
	fast=$(awk -v r="$rows" -v ms="$median_ms" 'BEGIN { printf "%.0f", r / (ms / 1000) }')
	say ""
	say "### (3) Full sync at $USERS users (cache init, median of $ROUNDS; naive: 30 s of one round trip per row)"
	say ""
	say "| sync | rows (board members + users) | time | rows/s |"
	say "| --- | ---: | ---: | ---: |"
	say "| full sync (pipelined batches of 1000, build key + swap) | $rows | $median_ms ms (runs: ${ms[*]}) | $fast |"
	say "| naive, one row per round trip | $(awk '$1 == "naive_rows" { print $2 }' "$OUT/sync-naive.txt") in 30 s | projected $(awk -v r="$rows" -v n="$naive" 'BEGIN { printf "%.0f", r / n }') s for all | $naive |"
	say ""
	say "Target full sync <= 5 s: $(check "$median_ms" "<=" 5000) ($median_ms ms); >= 20x naive: $(check "$(ratio "$fast" "$naive")" ">=" 20) ($(ratio "$fast" "$naive")x)"
	sync_after_load
}

# the same sync straight after a bulk load (every user changed within the last minute):
# from the CLI, and from POST /admin/sync on a running service
sync_after_load() {
	local cli_ms=() admin_ms=()
	for round in $(seq "$ROUNDS"); do
		cli generate --users "$USERS" --seed 42 --replace >/dev/null
		cli cache refresh >"$OUT/sync-after-load-cli-$round.txt"
		cli_ms+=("$(awk '{ for (i = 1; i <= NF; i++) if ($i == "ms") { v = $(i - 1); gsub(/,/, "", v); print v } }' "$OUT/sync-after-load-cli-$round.txt")")
	done
	start_service
	for round in $(seq "$ROUNDS"); do
		cli generate --users "$USERS" --seed 42 --replace >/dev/null
		curl -s -o "$OUT/sync-after-load-admin-$round.json" -w '%{time_total}\n' -X POST \
			-H "Authorization: Bearer $LEADERBOARD_ADMIN_TOKEN" "http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/admin/sync" \
			>"$OUT/sync-after-load-admin-$round.time"
		admin_ms+=("$(awk '{ printf "%.0f", $1 * 1000 }' "$OUT/sync-after-load-admin-$round.time")")
	done
	stop_service
	local cli_median admin_median
	cli_median=$(printf '%s\n' "${cli_ms[@]}" | median)
	admin_median=$(printf '%s\n' "${admin_ms[@]}" | median)
	say ""
	say "Right after \`generate --users $USERS --replace\` (median of $ROUNDS): \`cache refresh\` $cli_median ms (runs: ${cli_ms[*]}), POST /admin/sync $admin_median ms (runs: ${admin_ms[*]})"
	say "Target <= 5 s after a bulk load: CLI $(check "$cli_median" "<=" 5000), admin $(check "$admin_median" "<=" 5000)"
}

# ---- (7) Redis dead: 64 readers on the fallback while updates go on ----
fallback() {
	log "fallback: $USERS users, 64 readers on the fallback and $CONNECTIONS updaters"
	start_service
	BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/rank.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/update.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$BENCH_DIR/wrk/rank.lua" \
		"http://127.0.0.1:$HTTP_PORT" >"$OUT/fallback-redis-rank.txt"
	stop_redis
	sleep 2
	for round in $(seq "$ROUNDS"); do
		BENCH_USERS=$USERS wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s "$BENCH_DIR/wrk/rank.lua" \
			"http://127.0.0.1:$HTTP_PORT" >"$OUT/fallback-rank-$round.txt" &
		local readers=$!
		BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$BENCH_DIR/wrk/update.lua" \
			"http://127.0.0.1:$HTTP_PORT" >"$OUT/fallback-update-$round.txt"
		wait "$readers"
	done
	curl -s -D - -o /dev/null "http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/user/user-1/rank/daily" \
		| tr -d '\r' | grep -i '^x-leaderboard-source' >"$OUT/fallback-source.txt" || true
	stop_service
	start_redis
	local redis_p50 p50 p99 rps refused urps up99 uerrors
	redis_p50=$(wrk_p50 "$OUT/fallback-redis-rank.txt")
	p50=$(for r in $(seq "$ROUNDS"); do wrk_p50 "$OUT/fallback-rank-$r.txt"; done | median)
	p99=$(for r in $(seq "$ROUNDS"); do wrk_p99 "$OUT/fallback-rank-$r.txt"; done | median)
	rps=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/fallback-rank-$r.txt"; done | median)
	refused=$(for r in $(seq "$ROUNDS"); do wrk_errors "$OUT/fallback-rank-$r.txt"; done | awk "{ s += \$1 } END { print s + 0 }")
	urps=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/fallback-update-$r.txt"; done | median)
	up99=$(for r in $(seq "$ROUNDS"); do wrk_p99 "$OUT/fallback-update-$r.txt"; done | median)
	uerrors=$(for r in $(seq "$ROUNDS"); do wrk_errors "$OUT/fallback-update-$r.txt"; done | awk "{ s += \$1 } END { print s + 0 }")
	say ""
	say "### (7) Redis dead at $USERS users: 64 rank readers on the fallback and $CONNECTIONS updaters at once (${SECONDS_PER_RUN}s x $ROUNDS rounds, medians)"
	say ""
	say "Source while Redis was dead: $(tr '\n' ' ' <"$OUT/fallback-source.txt")"
	say ""
	say "| load | requests/s | p50 ms | p99 ms | non-2xx (503 past the bulkhead for reads) |"
	say "| --- | ---: | ---: | ---: | ---: |"
	say "| rank, Redis up ($CONNECTIONS connections) | $(wrk_rps "$OUT/fallback-redis-rank.txt") | $redis_p50 | $(wrk_p99 "$OUT/fallback-redis-rank.txt") | $(wrk_errors "$OUT/fallback-redis-rank.txt") |"
	say "| rank, Redis dead (64 connections) | $rps | $p50 | $p99 | $refused |"
	say "| POST /update, Redis dead | $urps | | $up99 | $uerrors |"
	say ""
	say "Target updates p99 <= 100 ms with 64 fallback readers: $(check "$up99" "<=" 100) ($up99 ms)"
}

# ---- (4) Redis memory per user ----
memory() {
	log "memory: $USERS users"
	stop_redis
	start_redis
	local before after
	before=$(used_memory)
	cli cache init >"$OUT/memory-init.txt"
	sleep 1
	after=$(used_memory)
	redis-cli -p "$REDIS_PORT" --scan --pattern 'bench:*' | while read -r key; do
		echo "$key $(redis-cli -p "$REDIS_PORT" memory usage "$key" samples 0)"
	done >"$OUT/memory-keys.txt"
	local per_user
	per_user=$(awk -v a="$after" -v b="$before" -v u="$USERS" 'BEGIN { printf "%.0f", (a - b) / u }')
	say ""
	say "### (4) Redis memory at $USERS users (fresh redis-server, used_memory before and after cache init)"
	say ""
	say "- used_memory before: $before bytes; after: $after bytes; delta per user: $per_user bytes"
	say "- per key (MEMORY USAGE ... SAMPLES 0):"
	while read -r key bytes; do say "  - $key: $bytes bytes"; done <"$OUT/memory-keys.txt"
	say ""
	say "Target <= 600 bytes per user: $(check "$per_user" "<=" 600) ($per_user)"
}

# ---- (5) updates against pgbench -N ----
updates() {
	log "updates: $USERS users"
	psql "$PG/postgres" -qc "drop database if exists lb_pgbench with (force)" -c "create database lb_pgbench" >/dev/null
	pgbench -q -i -s 10 "$PG/lb_pgbench" >"$OUT/pgbench-init.txt" 2>&1
	start_service
	BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/update.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	for round in $(seq "$ROUNDS"); do
		BENCH_USERS=$USERS cpu_run "update-$round" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
			-s "$BENCH_DIR/wrk/update.lua" "http://127.0.0.1:$HTTP_PORT" >"$OUT/update-$round.txt"
		cpu_run "pgbench-$round" pgbench -N -c "$CONNECTIONS" -j 2 -T "$SECONDS_PER_RUN" "$PG/lb_pgbench" \
			>"$OUT/pgbench-$round.txt" 2>&1
	done
	stop_service
	psql "$PG/postgres" -qc "drop database if exists lb_pgbench with (force)" >/dev/null
	local rps p99 tps errors
	rps=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/update-$r.txt"; done | median)
	p99=$(for r in $(seq "$ROUNDS"); do wrk_p99 "$OUT/update-$r.txt"; done | median)
	errors=$(for r in $(seq "$ROUNDS"); do wrk_errors "$OUT/update-$r.txt"; done | awk "{ s += \$1 } END { print s + 0 }")
	tps=$(for r in $(seq "$ROUNDS"); do awk '/^tps = / { print $3 }' "$OUT/pgbench-$r.txt"; done | median)
	say ""
	say "### (5) Updates at $USERS users vs pgbench -N (both $CONNECTIONS clients, ${SECONDS_PER_RUN}s x $ROUNDS rounds, alternating, medians)"
	say ""
	say "| load | per second | p99 ms | errors |"
	say "| --- | ---: | ---: | ---: |"
	say "| POST /update (wrk) | $rps | $p99 | $errors |"
	say "| pgbench -N -s 10 (tps) | $tps | | |"
	say ""
	say "Target updates >= 0.5x pgbench -N: $(check "$(ratio "$rps" "$tps")" ">=" 0.5) ($(ratio "$rps" "$tps")x); p99 <= 50 ms: $(check "$p99" "<=" 50)"
	say ""
	say "Where the CPU goes: ms of CPU per update or pgbench transaction, by process (medians; all share the machine's $(nproc) cores)"
	say ""
	say "| load | service | PostgreSQL | Redis | load generator | total |"
	say "| --- | ---: | ---: | ---: | ---: | ---: |"
	say "| POST /update | $(cpu_per_request update wrk_requests | awk '{ printf "%s | %s | %s | %s | %s", $1, $2, $3, $4, $5 }') |"
	say "| pgbench -N transaction | $(cpu_per_request pgbench pgbench_transactions | awk '{ printf "%s | %s | %s | %s | %s", $1, $2, $3, $4, $5 }') |"
}

# ---- (7) region and organisation boards: memory per user and a region's top 10 ----
scopes() {
	log "scopes: $USERS users, each in one of 50 regions, 20 % in one of 1,000 organisations"
	stop_redis
	start_redis
	cli generate --users "$USERS" --seed 42 --replace --regions 50 --orgs 1000 --org-share 0.2 \
		| tee -a "$OUT/generate-scopes.txt" >&2
	psql "$DATABASE_URL" -qc "vacuum analyze users, period_totals, board_sizes, board_histogram, outbox"
	local before after per_user boards
	before=$(used_memory)
	cli cache init >"$OUT/scopes-init.txt"
	sleep 1
	after=$(used_memory)
	boards=$(redis-cli -p "$REDIS_PORT" --scan --pattern 'bench:board:*' | grep -vc ':ver$\|:lock$\|:build$' || true)
	per_user=$(awk -v a="$after" -v b="$before" -v u="$USERS" 'BEGIN { printf "%.0f", (a - b) / u }')
	start_service
	BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d3s -s "$BENCH_DIR/wrk/top10.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d3s -s "$BENCH_DIR/wrk/top10region.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	for round in $(seq "$ROUNDS"); do
		for kind in top10 top10region; do
			BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$BENCH_DIR/wrk/$kind.lua" \
				"http://127.0.0.1:$HTTP_PORT" >"$OUT/scopes-$kind-$round.txt"
		done
	done
	stop_service
	local global region
	global=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/scopes-top10-$r.txt"; done | median)
	region=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/scopes-top10region-$r.txt"; done | median)
	say ""
	say "### (7) Scopes at $USERS users: each in one of 50 regions, 20 % in one of 1,000 organisations"
	say ""
	say "- Redis used_memory before cache init: $before bytes; after: $after bytes ($boards board keys, global and scoped); delta per user: $per_user bytes"
	say ""
	say "| endpoint (wrk -t2 -c$CONNECTIONS, ${SECONDS_PER_RUN}s x $ROUNDS rounds, alternating, medians) | requests/s | p99 ms | errors |"
	say "| --- | ---: | ---: | ---: |"
	for kind in top10 top10region; do
		local rps p99 errors
		rps=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/scopes-$kind-$r.txt"; done | median)
		p99=$(for r in $(seq "$ROUNDS"); do wrk_p99 "$OUT/scopes-$kind-$r.txt"; done | median)
		errors=$(for r in $(seq "$ROUNDS"); do wrk_errors "$OUT/scopes-$kind-$r.txt"; done | awk "{ s += \$1 } END { print s + 0 }")
		say "| $kind | $rps | $p99 | $errors |"
	done
	say ""
	say "Target <= 1,000 bytes per user: $(check "$per_user" "<=" 1000) ($per_user); region top-10 >= 0.9x global top-10: $(check "$(ratio "$region" "$global")" ">=" 0.9) ($(ratio "$region" "$global")x)"
}

# ---- (6) around-me and a 50-id friends list against top-10 ----
standings() {
	log "standings: $USERS users, $ROUNDS rounds x $SECONDS_PER_RUN s, $CONNECTIONS connections"
	start_service
	for kind in top10 around friends50; do
		BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d3s -s "$BENCH_DIR/wrk/$kind.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	done
	# one check that the reads are Redis reads, not the fallback
	curl -s -D - -o /dev/null "http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/user/user-1/around/daily" \
		| tr -d '\r' | grep -i '^x-leaderboard-source' >"$OUT/standings-source.txt" || true
	curl -s -D - -o /dev/null "http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/daily/users?ids=user-1,user-2" \
		| tr -d '\r' | grep -i '^x-leaderboard-source' >>"$OUT/standings-source.txt" || true
	for round in $(seq "$ROUNDS"); do
		for kind in top10 around friends50; do
			BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$BENCH_DIR/wrk/$kind.lua" \
				"http://127.0.0.1:$HTTP_PORT" >"$OUT/standings-$kind-$round.txt"
		done
	done
	stop_service
	say ""
	say "### (6) Around-me and a 50-id friends list vs top-10 at $USERS users ($CONNECTIONS connections, wrk -t2, ${SECONDS_PER_RUN}s x $ROUNDS rounds interleaved, medians)"
	say ""
	say "Sources: $(tr '\n' ' ' <"$OUT/standings-source.txt")"
	say ""
	say "| endpoint | requests/s | p50 ms | p99 ms | vs top-10 | errors |"
	say "| --- | ---: | ---: | ---: | ---: | ---: |"
	local top10
	top10=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/standings-top10-$r.txt"; done | median)
	for kind in top10 around friends50; do
		local rps p50 p99 errors
		rps=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/standings-$kind-$r.txt"; done | median)
		p50=$(for r in $(seq "$ROUNDS"); do wrk_p50 "$OUT/standings-$kind-$r.txt"; done | median)
		p99=$(for r in $(seq "$ROUNDS"); do wrk_p99 "$OUT/standings-$kind-$r.txt"; done | median)
		errors=$(for r in $(seq "$ROUNDS"); do wrk_errors "$OUT/standings-$kind-$r.txt"; done | awk "{ s += \$1 } END { print s + 0 }")
		say "| $kind | $rps | $p50 | $p99 | $(ratio "$rps" "$top10") | $errors |"
	done
}

# ---- (9) where each request's CPU goes inside the service: a flight recording per endpoint ----
profile() {
	local kinds="${BENCH_PROFILE_KINDS:-trivial top10 rank user update}"
	log "profile: $USERS users, warm-up ${WARMUP}s per endpoint, then ${SECONDS_PER_RUN}s recorded per endpoint"
	start_service
	for kind in $kinds; do
		BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/$kind.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	done
	local files=()
	for kind in $kinds; do
		jcmd "$SERVICE_PID" JFR.start name="$kind" settings=profile filename="$OUT/profile-$kind.jfr" >/dev/null
		BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" -s "$BENCH_DIR/wrk/$kind.lua" \
			"http://127.0.0.1:$HTTP_PORT" >"$OUT/profile-wrk-$kind.txt"
		jcmd "$SERVICE_PID" JFR.stop name="$kind" >/dev/null
		files+=("$OUT/profile-$kind.jfr")
	done
	stop_service
	say ""
	say "### (9) Where the service's CPU goes, per endpoint at $USERS users (JFR, settings=profile, ${SECONDS_PER_RUN}s of wrk -c$CONNECTIONS each after ${WARMUP}s of warm-up each; bench/java/ProfileSummary.java)"
	java "$BENCH_DIR/java/ProfileSummary.java" "${files[@]}" | tee -a "$SUMMARY"
}

sections=("$@")
[[ ${#sections[@]} -eq 0 ]] && sections=(paths http sync memory updates standings fallback)
[[ -f "$JAR" ]] || (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
say "## Run $(basename "$OUT")"
say ""
machine
say "- command: bench/run.sh ${sections[*]} (BENCH_USERS=$USERS BENCH_SIZES=\"$SIZES\" BENCH_ROUNDS=$ROUNDS BENCH_SECONDS=$SECONDS_PER_RUN BENCH_CONNECTIONS=$CONNECTIONS)"
start_redis
fresh_database
# every section but 'paths' works on the full data set; 'paths' leaves the largest size loaded
loaded=
for section in "${sections[@]}"; do
	case "$section" in
		paths) paths; loaded=$(echo "$SIZES" | awk '{ print $NF }') ;;
		scopes) scopes; loaded= ;;
		http|sync|memory|updates|standings|fallback|profile)
			if [[ "$loaded" != "$USERS" ]]; then dataset "$USERS"; loaded=$USERS; fi
			case "$section" in http) http ;; profile) profile ;; sync) sync_rate ;; memory) memory ;; updates) updates ;; standings) standings ;; fallback) fallback ;; esac ;;
		*) echo "unknown section $section" >&2; exit 2 ;;
	esac
done
say ""
say "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
log "done: $SUMMARY"
