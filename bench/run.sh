#!/usr/bin/env bash
# The leaderboard benchmarks (BENCHMARKS.md). Everything runs on this one machine, side by
# side in one run: the service jar, a redis-server of the bench's own (so used_memory is
# ours alone), the PostgreSQL at $BENCH_PG (a database of the bench's own), wrk and pgbench.
#
#   bench/run.sh [section ...]     sections: http paths sync memory updates standings fallback scopes profile
#                                  people feeds leagues export (default: all but scopes, profile and the
#                                  last four, which are issue 22's and 23's: bench/run.sh people feeds leagues export)
#                                  restart (issue 24, not in the default: a restart's timeline, quiet and under updates)
#                                  drift (issue 24, not in the default: one drift check's CPU, an upper bound)
#
# Settings (environment): BENCH_USERS (1000000), BENCH_SIZES for 'paths' ("10000 100000
# 1000000"), BENCH_ROUNDS (3: each number is the median of this many runs), BENCH_SECONDS
# (10: wrk/pgbench duration per run), BENCH_PROFILE_KINDS (the endpoints "profile" records: "trivial top10 rank user update"), BENCH_WARMUP (30: seconds of load on every endpoint
# before the timed rounds, so the JIT is warm), BENCH_CONNECTIONS (16), BENCH_JAR (target/leaderboard.jar), BENCH_PG
# (postgresql://postgres@127.0.0.1:5432), BENCH_DB (lb_bench), BENCH_KEEP_DATA (0; 1 reuses a data set of the right size), BENCH_REDIS_PORT (6391), BENCH_HTTP_PORT (18081).
# Issues 22 and 23 (people feeds leagues export; BENCHMARKS.md, "How to reproduce"): BENCH_FEEDS
# (1000), BENCH_FEED_RATE (500 updates/s), BENCH_LEAGUE_SIZE (30), BENCH_LEAGUE_JOINED (9/10 of
# BENCH_USERS), BENCH_LEAGUE_SWEEP (20 s), BENCH_EXPORT_PERIOD (yearly), BENCH_EXPORT_FORMATS ("csv ndjson").
# Issue 24 (restart): BENCH_RESTART_RATE (500 updates/s during the second restart), BENCH_RESTART_SECONDS
# (how long they go on; 3x the quiet restart's time + 30 s).
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
# a process can end between being listed and being read (a PostgreSQL backend): it counts 0
# here, and must not fail the pipeline (pipefail would end the whole run)
ticks_of() { for pid in "$@"; do awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || true; done | awk '{ s += $1 } END { print s + 0 }'; }
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
# the jar in the background; $OUT/service.log holds the last instance's log only
launch_service() {
	java -Xmx2g $JAVA_OPTS $SERVICE_JAVA_OPTS -jar "$JAR" >"$OUT/service.log" 2>&1 &
	SERVICE_PID=$!
}
start_service() {
	launch_service
	for _ in $(seq 240); do
		curl -fs "http://127.0.0.1:$HTTP_PORT/actuator/health/liveness" >/dev/null 2>&1 && { wait_warm; return; }
		sleep 0.5
	done
	echo "service did not start; see $OUT/service.log" >&2; exit 1
}
# the boards that just ended (yesterday's, last week's, last month's, last year's; zone:
# UTC), and whether each one carries its loaded marker '#'
previous_boards() {
	local monday
	monday=$(date -u -d "today - $(( $(date -u +%u) - 1 )) days" +%F)
	echo "bench:board:{daily:$(date -u -d yesterday +%F)}" "bench:board:{weekly:$(date -u -d "$monday - 7 days" +%F)}" \
		"bench:board:{monthly:$(date -u -d "$(date -u +%Y-%m-01) - 1 month" +%F)}" "bench:board:{yearly:$(( $(date -u +%Y) - 1 ))-01-01}"
}
previous_warm() {
	local key
	for key in $(previous_boards); do
		[[ -n "$(redis-cli -p "$REDIS_PORT" zscore "$key" '#')" ]] || return 1
	done
}
# the service loads the boards that just ended in the background after it starts;
# measuring before they are loaded would time that load too
wait_warm() {
	for _ in $(seq 600); do
		previous_warm && { log "previous boards loaded: $(previous_boards)"; wait_startup_compare; return; }
		sleep 1
	done
	log "previous boards still not loaded after 600 s; measuring anyway"
}
# the start-up check's last line ('compare' in the log of a jar from before the checksums, BENCH_JAR)
STARTUP_CHECK_ENDED='Start-up \(check\|compare\) \(of Redis with PostgreSQL done\|skipped\|stopped\)'
# the start-up check of Redis with PostgreSQL (and any rebuild it starts) runs in the
# background too, and takes CPU from what is measured until it ends
wait_startup_compare() {
	for _ in $(seq 600); do
		grep -q "$STARTUP_CHECK_ENDED" "$OUT/service.log" && {
			log "$(grep -o 'Start-up \(check\|compare\).*' "$OUT/service.log" | tail -1)"
			return
		}
		sleep 1
	done
	log "the start-up check still runs after 600 s; measuring anyway"
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
# generate N users, vacuum and analyze every table (as autovacuum would soon: sets the
# visibility map that the fallback's index-only scans need; the league tables, which earlier
# runs filled, need fresh statistics too, or a join's lookup of the season's members by the
# primary key is planned as a scan of the group index) and load the cache
dataset() {
	if [[ "$KEEP" == 1 ]] && [[ "$(users_in_db)" == "$1" ]]; then
		log "dataset: keeping the $1 users already in $DB"
	else
		log "dataset: $1 users"
		cli generate --users "$1" --seed 42 --replace | tee -a "$OUT/generate-$1.txt" >&2
	fi
	psql "$DATABASE_URL" -qc "vacuum analyze"
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
	sync_vs_pipe
	sync_after_load
}

# ---- (3b) the sync against Redis's own bulk load of the same members ----
# bench/pipe-dump.sh writes every key the sync loaded as plain ZADD/HSET commands. Each
# round loads them with `redis-cli --pipe` into an empty Redis, runs `cache init` into an
# empty Redis (its own time, without the JVM's start-up), and POST /admin/sync on a running
# service over the loaded boards (no service runs during the first two: it would rebuild
# what the flush took at the same time). The CPU of each process, Redis's per-command
# times and (when perf is here) where Redis's main thread spends its time: what the sync
# costs beyond the raw load.
redis_main_profile() { # NAME COMMAND...: perf samples of Redis's main thread during COMMAND
	if ! command -v perf >/dev/null 2>&1; then "${@:2}"; return; fi
	perf record -F 499 -t "$(redis_pid)" -o "$OUT/perf-$1.data" >/dev/null 2>&1 &
	local recorder=$!
	sleep 0.5
	"${@:2}"
	kill -INT "$recorder" 2>/dev/null || true
	wait "$recorder" 2>/dev/null || true
	perf report -i "$OUT/perf-$1.data" --no-children --sort symbol --stdio 2>/dev/null \
		| awk '/^# Samples/ { print } /^ +[0-9]/ && n++ < 15 { print }' >"$OUT/perf-$1.txt" || true
	rm -f "$OUT/perf-$1.data"
}
# measured NAME ROUND COMMAND...: wall ms and CPU ms of Redis, PostgreSQL and the service
# during COMMAND, appended to $OUT/syncpipe-NAME.txt as "wall redis postgres service"
measured() {
	local name=$1 round=$2 s r0 p0 v0
	shift 2
	redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
	r0=$(ticks_of "$(redis_pid)"); p0=$(pg_ticks); v0=$(ticks_of "$SERVICE_PID"); s=$(date +%s%N)
	redis_main_profile "$name-$round" "$@"
	echo "$(( ($(date +%s%N) - s) / 1000000 )) $(( ($(ticks_of "$(redis_pid)") - r0) * TICK_MS ))" \
		"$(( ($(pg_ticks) - p0) * TICK_MS )) $(( ($(ticks_of "$SERVICE_PID") - v0) * TICK_MS ))" >>"$OUT/syncpipe-$name.txt"
	redis-cli -p "$REDIS_PORT" info commandstats >"$OUT/commandstats-$name-$round.txt"
}
pipe_load() { redis-cli -p "$REDIS_PORT" --pipe <"$OUT/members.resp" >"$OUT/pipe-$1.txt"; }
cli_init() { cli cache init >"$OUT/sync-cli-$1.txt"; }
admin_sync() { curl -fs -o "$OUT/sync-admin-$1.json" -X POST -H "Authorization: Bearer $LEADERBOARD_ADMIN_TOKEN" \
	"http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/admin/sync"; }
syncpipe_row() { # NAME LABEL [FILE of wall ms to use instead]: a row of the table below
	local walls cpu
	if [[ -n "${3:-}" ]]; then walls=$(cat "$3"); else walls=$(awk '{ print $1 }' "$OUT/syncpipe-$1.txt"); fi
	cpu=$(awk '{ print $4 }' "$OUT/syncpipe-$1.txt" | median)
	[[ "$1" == admin ]] || cpu="n/a"
	printf '| %s | %s (%s) | %s | %s | %s |\n' "$2" "$(echo "$walls" | median)" "$(echo "$walls" | paste -sd' ')" \
		"$(awk '{ print $2 }' "$OUT/syncpipe-$1.txt" | median)" "$(awk '{ print $3 }' "$OUT/syncpipe-$1.txt" | median)" "$cpu"
}
sync_vs_pipe() {
	log "sync vs redis-cli --pipe: $USERS users"
	cli cache init >/dev/null
	"$BENCH_DIR/pipe-dump.sh" "$REDIS_PORT" 'bench:*' >"$OUT/members.resp"
	local commands
	commands=$(grep -c '^\*' "$OUT/members.resp" || true)
	for round in $(seq "$ROUNDS"); do
		redis-cli -p "$REDIS_PORT" flushall >/dev/null
		measured pipe "$round" pipe_load "$round"
		redis-cli -p "$REDIS_PORT" flushall >/dev/null
		measured cli "$round" cli_init "$round"
		awk '{ for (i = 1; i <= NF; i++) if ($i == "ms") { v = $(i - 1); gsub(/,/, "", v); print v } }' \
			"$OUT/sync-cli-$round.txt" >>"$OUT/syncpipe-cli-own.txt"
	done
	rm -f "$OUT/members.resp"
	start_service
	for round in $(seq "$ROUNDS"); do
		measured admin "$round" admin_sync "$round"
	done
	stop_service
	local pipe cli admin
	pipe=$(awk '{ print $1 }' "$OUT/syncpipe-pipe.txt" | median)
	cli=$(median <"$OUT/syncpipe-cli-own.txt")
	admin=$(awk '{ print $1 }' "$OUT/syncpipe-admin.txt" | median)
	say ""
	say "### (3b) The sync vs \`redis-cli --pipe\` of the same members ($commands plain commands of up to 1,000 members), $USERS users, median of $ROUNDS"
	say ""
	say "| load | wall ms (runs) | Redis CPU ms | PostgreSQL CPU ms | service CPU ms |"
	say "| --- | ---: | ---: | ---: | ---: |"
	say "$(syncpipe_row pipe 'redis-cli --pipe into an empty Redis')"
	say "$(syncpipe_row cli 'cache init into an empty Redis (its own ms, without the JVM start-up)' "$OUT/syncpipe-cli-own.txt")"
	say "$(syncpipe_row admin 'POST /admin/sync over the loaded boards (service CPU)')"
	say ""
	say "Target sync <= 1.3x the raw load: CLI $(check "$(ratio "$cli" "$pipe")" "<=" 1.3) ($(ratio "$cli" "$pipe")x), admin $(check "$(ratio "$admin" "$pipe")" "<=" 1.3) ($(ratio "$admin" "$pipe")x)"
	say ""
	say "Redis's time per command in round 1 (usec; a script's time includes the commands it calls):"
	say ""
	for name in pipe cli admin; do
		say "- $name: $(grep -o 'cmdstat_[a-z|]*:calls=[0-9]*,usec=[0-9]*' "$OUT/commandstats-$name-1.txt" | sort -t= -k3 -rn | awk 'NR <= 6' | sed 's/cmdstat_//' | tr '\n' ' ')"
	done
	if [[ -f "$OUT/perf-cli-1.txt" ]]; then
		say ""
		say "Redis's main thread, perf samples at 499 Hz, round 1 (top symbols):"
		for name in pipe cli admin; do
			say ""
			say "$name:"
			say ""
			say '```'
			cat "$OUT/perf-$name-1.txt" >>"$SUMMARY"
			say '```'
		done
	fi
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

# ---- issues 22 and 23: the data set of 'people', 'feeds', 'leagues' and 'export' ----
# generate's users in 50 regions, 20 % of them in 1,000 organisations, and a 16-character
# display name each. generate writes no names: they are set afterwards by one UPDATE in
# PostgreSQL (names live in the users table only; 'cache init' then loads them into Redis,
# as it loads everything else). Streaks: generate works them out from the daily totals it
# writes, and it writes the current and the previous day only, so every streak is 1 or 2
# days long. The streak list holds the right users (those whose last day is today or
# yesterday), only its values are short.
people_dataset() {
	log "people dataset: $USERS users, 50 regions, 20 % in 1,000 organisations, 16-character names"
	cli generate --users "$USERS" --seed 42 --replace --regions 50 --orgs 1000 --org-share 0.2 \
		| tee -a "$OUT/generate-people.txt" >&2
	# 'Focus 0000000042': 16 characters (and 16 bytes) for every user
	psql "$DATABASE_URL" -qc "update users set display_name = 'Focus ' || lpad(substr(user_id, 6), 10, '0')"
	psql "$DATABASE_URL" -qc "vacuum analyze users, period_totals, board_sizes, board_histogram, outbox"
	psql "$DATABASE_URL" -tAc "select count(*), count(display_name), min(length(display_name)), max(length(display_name)),
		count(*) filter (where streak_run > 0), max(streak_run) from users" \
		| awk -F'|' '{ printf "users %s, with a name %s (length %s to %s), with a streak %s (longest run %s)\n", $1, $2, $3, $4, $5, $6 }' \
		>"$OUT/people-data.txt"
	log "$(cat "$OUT/people-data.txt")"
}
# MEMORY USAGE of every key of the pattern, summed by kind (board, streak, users, league,
# other), one redis-cli for all keys: "kind keys bytes" lines
memory_by_kind() {
	redis-cli -p "$REDIS_PORT" --scan --pattern "$1" >"$OUT/keys.tmp"
	awk '{ print "MEMORY USAGE " $0 " SAMPLES 0" }' "$OUT/keys.tmp" | redis-cli -p "$REDIS_PORT" >"$OUT/bytes.tmp"
	paste -d'|' "$OUT/keys.tmp" "$OUT/bytes.tmp" | awk -F'|' '{
		k = $1; sub(/^bench:/, "", k); split(k, p, /[:{]/); kind = p[1]
		keys[kind]++; bytes[kind] += $2 } END { for (k in keys) print k, keys[k], bytes[k] }' | sort
	rm -f "$OUT/keys.tmp" "$OUT/bytes.tmp"
}
wrk_table_row() { # PREFIX KIND BASE_RPS: "| kind | rps | p50 | p99 | vs base | errors |"
	local rps p50 p99 errors
	rps=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/$1-$2-$r.txt"; done | median)
	p50=$(for r in $(seq "$ROUNDS"); do wrk_p50 "$OUT/$1-$2-$r.txt"; done | median)
	p99=$(for r in $(seq "$ROUNDS"); do wrk_p99 "$OUT/$1-$2-$r.txt"; done | median)
	errors=$(for r in $(seq "$ROUNDS"); do wrk_errors "$OUT/$1-$2-$r.txt"; done | awk '{ s += $1 } END { print s + 0 }')
	echo "| $2 | $rps | $p50 | $p99 | $(ratio "$rps" "$3") | $errors |"
}
cpu_row() { cpu_per_request "$1" "$2" | awk '{ printf "%s | %s | %s | %s | %s", $1, $2, $3, $4, $5 }'; }

# ---- (10) issue 22: memory with names and streaks; the streak list's and a region's top 10 ----
people() {
	log "people: $USERS users, memory with names and streaks, top-10 of the global board, a region's board and the streak list"
	stop_redis
	start_redis
	people_dataset
	local before after per_user
	before=$(used_memory)
	cli cache init >"$OUT/people-init.txt"
	sleep 1
	after=$(used_memory)
	per_user=$(awk -v a="$after" -v b="$before" -v u="$USERS" 'BEGIN { printf "%.0f", (a - b) / u }')
	memory_by_kind 'bench:*' >"$OUT/people-memory-by-kind.txt"
	start_service
	local kinds="top10 top10region streaks10"
	for kind in $kinds; do
		BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/$kind.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	done
	for path in 'daily?limit=10' 'daily?limit=10&region=region-1' 'streaks?limit=10'; do
		echo "$path: $(curl -s -D - -o "$OUT/people-sample.json" "http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/$path" \
			| tr -d '\r' | grep -i '^x-leaderboard-source' || true)"
		head -c 400 "$OUT/people-sample.json"; echo
	done >"$OUT/people-sources.txt"
	for round in $(seq "$ROUNDS"); do
		for kind in $kinds; do
			BENCH_USERS=$USERS cpu_run "people-$kind-$round" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
				-s "$BENCH_DIR/wrk/$kind.lua" "http://127.0.0.1:$HTTP_PORT" >"$OUT/people-$kind-$round.txt"
		done
	done
	stop_service
	local global
	global=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/people-top10-$r.txt"; done | median)
	say ""
	say "### (10) Names, streaks and scopes at $USERS users: 16-character names, 50 regions, 20 % in 1,000 organisations (issue 22)"
	say ""
	say "- data: $(cat "$OUT/people-data.txt")"
	say "- Redis used_memory before cache init: $before bytes; after: $after bytes; delta per user: $per_user bytes"
	say "- by kind of key (MEMORY USAGE ... SAMPLES 0, after cache init): $(awk '{ printf "%s%s %d keys %d bytes (%.0f per user)", (NR > 1) ? "; " : "", $1, $2, $3, $3 / u }' u="$USERS" "$OUT/people-memory-by-kind.txt")"
	say ""
	say "| endpoint (wrk -t2 -c$CONNECTIONS, ${WARMUP}s warm-up each, ${SECONDS_PER_RUN}s x $ROUNDS rounds interleaved, medians) | requests/s | p50 ms | p99 ms | vs global top-10 | errors |"
	say "| --- | ---: | ---: | ---: | ---: | ---: |"
	for kind in $kinds; do say "$(wrk_table_row people "$kind" "$global")"; done
	say ""
	say "Sources: $(grep -o '^[^:]*: x-leaderboard-source: [a-z]*' -i "$OUT/people-sources.txt" | tr '\n' ' ')"
	say ""
	local region streak
	region=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/people-top10region-$r.txt"; done | median)
	streak=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/people-streaks10-$r.txt"; done | median)
	say "Target <= 1,000 bytes per user with names and streaks: $(check "$per_user" "<=" 1000) ($per_user); streak list top-10 >= 0.9x global top-10: $(check "$(ratio "$streak" "$global")" ">=" 0.9) ($(ratio "$streak" "$global")x); region top-10 >= 0.9x global top-10: $(check "$(ratio "$region" "$global")" ">=" 0.9) ($(ratio "$region" "$global")x)"
	say ""
	say "Where the CPU goes: ms of CPU per request, by process (medians; all share the machine's $(nproc) cores)"
	say ""
	say "| endpoint | service | PostgreSQL | Redis | wrk | total |"
	say "| --- | ---: | ---: | ---: | ---: | ---: |"
	for kind in $kinds; do say "| $kind | $(cpu_row "people-$kind" wrk_requests) |"; done
}

# ---- (11) issue 22: personal feeds, update to event, and the service CPU they add ----
# bench/java/FeedLoad.java opens BENCH_FEEDS feeds (GET /user/{id}/events?period=daily) of
# users spread over the data set, then sends BENCH_FEED_RATE updates/s to those users; the
# baseline ("off") sends the same updates to the same users with no feed open. Rounds
# alternate on and off; CPU is read from /proc over the timed phase only (not the opening).
FEEDS="${BENCH_FEEDS:-1000}"
FEED_RATE="${BENCH_FEED_RATE:-500}"
feedload() { # FEEDS SECONDS > output
	java "$BENCH_DIR/java/FeedLoad.java" "http://127.0.0.1:$HTTP_PORT" "$USERS" "$1" "$FEED_RATE" "$2" \
		"$SERVICE_PID,$(redis_pid)" "$TICK_MS" "$FEEDS" 2>>"$OUT/feedload-stderr.txt"
}
feed_value() { awk -v k="$2" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$1"; }
feeds() {
	log "feeds: $USERS users, $FEEDS personal feeds, $FEED_RATE updates/s, ${SECONDS_PER_RUN}s x $ROUNDS rounds (on and off)"
	local limit=$((FEEDS + 100))
	LEADERBOARD_EVENTS_PER_CLIENT=$limit LEADERBOARD_EVENTS_MAXSTREAMS=$limit start_service
	feedload "$FEEDS" "$WARMUP" >"$OUT/feeds-warmup.txt"
	log "warm-up: $(cat "$OUT/feeds-warmup.txt")"
	for round in $(seq "$ROUNDS"); do
		feedload "$FEEDS" "$SECONDS_PER_RUN" >"$OUT/feeds-on-$round.txt"
		# let the feeds of the last run be noticed gone (two heartbeats) before the baseline
		sleep 5
		feedload 0 "$SECONDS_PER_RUN" >"$OUT/feeds-off-$round.txt"
	done
	stop_service
	say ""
	say "### (11) Personal feeds at $USERS users: $FEEDS open feeds (GET /user/{id}/events?period=daily), $FEED_RATE updates/s to their users (issue 22; bench/java/FeedLoad.java, ${SECONDS_PER_RUN}s x $ROUNDS rounds, feeds on and off alternating, medians)"
	say ""
	say "| round | feeds open | updates ok / sent | updates/s sent | events | matched | unmatched | p50 ms | p99 ms | max ms | service CPU ms | Redis CPU ms | off: updates ok | off: service CPU ms | off: Redis CPU ms |"
	say "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	for r in $(seq "$ROUNDS"); do
		local on="$OUT/feeds-on-$r.txt" off="$OUT/feeds-off-$r.txt"
		say "| $r | $(feed_value "$on" opened) | $(feed_value "$on" ok) / $(feed_value "$on" updates) | $(feed_value "$on" send_rate) | $(feed_value "$on" events) | $(feed_value "$on" matched) | $(feed_value "$on" unmatched) | $(feed_value "$on" p50_ms) | $(feed_value "$on" p99_ms) | $(feed_value "$on" max_ms) | $(feed_value "$on" cpu_ms_0) | $(feed_value "$on" cpu_ms_1) | $(feed_value "$off" ok) | $(feed_value "$off" cpu_ms_0) | $(feed_value "$off" cpu_ms_1) |"
	done
	local p99 on_cpu off_cpu on_redis off_redis on_s off_s added added_redis
	p99=$(for r in $(seq "$ROUNDS"); do feed_value "$OUT/feeds-on-$r.txt" p99_ms; done | median)
	# service CPU per second of the timed phase (the wall time of each run is in its line)
	on_cpu=$(for r in $(seq "$ROUNDS"); do awk -v c="$(feed_value "$OUT/feeds-on-$r.txt" cpu_ms_0)" -v w="$(feed_value "$OUT/feeds-on-$r.txt" wall_s)" 'BEGIN { printf "%.1f\n", c / w }'; done | median)
	off_cpu=$(for r in $(seq "$ROUNDS"); do awk -v c="$(feed_value "$OUT/feeds-off-$r.txt" cpu_ms_0)" -v w="$(feed_value "$OUT/feeds-off-$r.txt" wall_s)" 'BEGIN { printf "%.1f\n", c / w }'; done | median)
	on_redis=$(for r in $(seq "$ROUNDS"); do awk -v c="$(feed_value "$OUT/feeds-on-$r.txt" cpu_ms_1)" -v w="$(feed_value "$OUT/feeds-on-$r.txt" wall_s)" 'BEGIN { printf "%.1f\n", c / w }'; done | median)
	off_redis=$(for r in $(seq "$ROUNDS"); do awk -v c="$(feed_value "$OUT/feeds-off-$r.txt" cpu_ms_1)" -v w="$(feed_value "$OUT/feeds-off-$r.txt" wall_s)" 'BEGIN { printf "%.1f\n", c / w }'; done | median)
	added=$(awk -v a="$on_cpu" -v b="$off_cpu" 'BEGIN { printf "%.1f", a - b }')
	added_redis=$(awk -v a="$on_redis" -v b="$off_redis" 'BEGIN { printf "%.1f", a - b }')
	say ""
	say "- service CPU, ms per second of the timed phase (medians): feeds on $on_cpu, off $off_cpu: the feeds add $added ms/s ($(awk -v a="$added" 'BEGIN { printf "%.1f", a / 10 }') % of one core), $(awk -v a="$added" -v r="$FEED_RATE" 'BEGIN { printf "%.3f", a / r }') ms per update; Redis on $on_redis, off $off_redis: $added_redis ms/s"
	say "- latency: from just before an update is sent until the first event of that user's feed with a score at least the update's daily total; an update unmatched 4 s after the run's end counts in 'unmatched', not in the percentiles"
	say ""
	say "Target p99 update to event <= 2 s with $FEEDS feeds and $FEED_RATE updates/s: $(check "$p99" "<=" 2000) ($p99 ms); service CPU the feeds add: $added ms/s"
}

# ---- (12) issue 23: leagues (weekly seasons, groups of 30) ----
# Users join by updating: the honest way. The section first forgets every league join
# (the league tables are emptied and the league keys deleted, as if the season had just
# started: earlier sections' updates joined some users), then joins user-1, user-2, ... in
# order by POST /update (one pomodoro each, bench/wrk/seq.lua) until BENCH_LEAGUE_JOINED
# (9/10 of the users by default) have joined; the rest are kept for the rounds' joins. There
# is no switch that turns leagues off, so "the CPU joining adds" compares, in the same
# rounds, updates that are their user's first of the season (a join: user-(J+1), ...) with
# updates of users who joined already (random among user-1 .. user-J). Both still run the
# per-update check of whether the user joined; only the join itself is told apart.
LEAGUE_SIZE="${BENCH_LEAGUE_SIZE:-30}"
league_joiners() { psql "$DATABASE_URL" -tAc "select coalesce(sum(joiners), 0) from league_tiers where period = 'weekly'"; }
league_max_user() { psql "$DATABASE_URL" -tAc "select coalesce(max(substr(user_id, 6)::bigint), 0) from league_members where period = 'weekly'"; }
# the season's first COUNT joiners (user-1 to user-COUNT), placed by SQL where joins by
# updates would place them: tier 0 (no earlier season), joiner k (from 0, by user number)
# in group k / size + 1, and the tier's counter at COUNT. Joining 900,000 users through
# HTTP first would take longer than the rest of the run; the timed 'join' rounds then
# join the next users by updates
prejoin() {
	local count=$1
	psql "$DATABASE_URL" -q -v ON_ERROR_STOP=1 <<SQL
begin;
create temp table joiners on commit drop as
    select user_id, row_number() over (order by substr(user_id, 6)::bigint) - 1 as k,
        date_trunc('week', now() at time zone 'UTC')::date as season
    from users where user_id ~ '^user-[0-9]+\$' and substr(user_id, 6)::bigint <= $count;
insert into league_members (period, season_start, user_id, tier, group_no)
    select 'weekly', season, user_id, 0, (k / $LEAGUE_SIZE + 1)::int from joiners order by 2, 3;
insert into league_groups (period, season_start, tier, group_no)
    select distinct 'weekly', season, 0::smallint, (k / $LEAGUE_SIZE + 1)::int from joiners;
insert into league_tiers (period, season_start, tier, size, joiners)
    select 'weekly', season, 0, $LEAGUE_SIZE, count(*) from joiners group by season;
commit;
SQL
	psql "$DATABASE_URL" -qc "vacuum analyze league_members, league_groups, league_tiers"
}
leagues() {
	local joined_target="${BENCH_LEAGUE_JOINED:-$((USERS * 9 / 10))}"
	log "leagues: $USERS users, weekly seasons of $LEAGUE_SIZE, $joined_target joined first (by SQL)"
	stop_service
	psql "$DATABASE_URL" -qc "truncate league_members, league_groups, league_tiers"
	redis-cli -p "$REDIS_PORT" --scan --pattern 'bench:league:*' | awk '{ print "UNLINK " $0 }' | redis-cli -p "$REDIS_PORT" >/dev/null
	LEADERBOARD_LEAGUE_PERIOD=weekly LEADERBOARD_LEAGUE_SIZE=$LEAGUE_SIZE start_service
	local t0 t1
	t0=$(date +%s)
	prejoin "$joined_target"
	t1=$(date +%s)
	local joined
	joined=$(league_joiners)
	log "placed $joined users in $((t1 - t0)) s; highest user number $(league_max_user)"
	# warm-up: joins (by updates of the next users), the reads and the already-joined updates
	BENCH_SEQ_FROM=$(( $(league_max_user) + 1 )) BENCH_SEQ_TO=$USERS BENCH_SEQ_KIND=join BENCH_SEQ_THREADS=1 \
		wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/seq.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	joined=$(league_joiners)
	local groups=$(( (joined + LEAGUE_SIZE - 1) / LEAGUE_SIZE ))
	BENCH_USERS=$joined wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/update.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	BENCH_USERS=$USERS wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/top10.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	BENCH_LEAGUE_GROUPS=$groups wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH_DIR/wrk/league.lua" "http://127.0.0.1:$HTTP_PORT" >/dev/null
	curl -s -D - -o "$OUT/leagues-sample.json" "http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/leagues/bronze/1" \
		| tr -d '\r' | grep -i '^x-leaderboard-source' >"$OUT/leagues-source.txt" || true
	for round in $(seq "$ROUNDS"); do
		local before next
		before=$(league_joiners)
		next=$(( $(league_max_user) + 1 ))
		BENCH_SEQ_FROM=$next BENCH_SEQ_TO=$USERS BENCH_SEQ_KIND=join BENCH_SEQ_THREADS=1 cpu_run "leagues-join-$round" \
			wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -s "$BENCH_DIR/wrk/seq.lua" \
			"http://127.0.0.1:$HTTP_PORT" >"$OUT/leagues-join-$round.txt"
		sleep 1
		echo $(( $(league_joiners) - before )) >"$OUT/leagues-join-$round.count"
		joined=$(league_joiners)
		# a sweep stopped with requests in flight may leave a few users below the highest
		# one unjoined: they are a few among the random users of the 'joined' round
		if [[ "$(league_max_user)" != "$joined" ]]; then log "note: $joined joined, the highest user number is $(league_max_user)"; fi
		groups=$(( (joined + LEAGUE_SIZE - 1) / LEAGUE_SIZE ))
		BENCH_USERS=$joined cpu_run "leagues-joined-$round" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
			-s "$BENCH_DIR/wrk/update.lua" "http://127.0.0.1:$HTTP_PORT" >"$OUT/leagues-joined-$round.txt"
		BENCH_USERS=$USERS cpu_run "leagues-top10-$round" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
			-s "$BENCH_DIR/wrk/top10.lua" "http://127.0.0.1:$HTTP_PORT" >"$OUT/leagues-top10-$round.txt"
		BENCH_LEAGUE_GROUPS=$groups cpu_run "leagues-group-$round" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency \
			-s "$BENCH_DIR/wrk/league.lua" "http://127.0.0.1:$HTTP_PORT" >"$OUT/leagues-group-$round.txt"
	done
	# memory: the league keys are a cache of PostgreSQL that lives until one season after its
	# season's end (the league check, not a time to live, keeps it in step), so everything
	# read stays cached. Read every group and every participant's group at once, for
	# BENCH_LEAGUE_SWEEP seconds, then measure what is cached
	local sweep="${BENCH_LEAGUE_SWEEP:-20}" participants
	participants=$(psql "$DATABASE_URL" -tAc "select count(*) from league_members where period = 'weekly'")
	groups=$(psql "$DATABASE_URL" -tAc "select count(*) from league_groups where period = 'weekly'")
	BENCH_SEQ_FROM=1 BENCH_SEQ_TO=$groups BENCH_SEQ_KIND=group BENCH_SEQ_THREADS=1 wrk -t1 -c8 -d"${sweep}s" \
		-s "$BENCH_DIR/wrk/seq.lua" "http://127.0.0.1:$HTTP_PORT" >"$OUT/leagues-sweep-groups.txt" &
	local sweeper=$!
	BENCH_SEQ_FROM=1 BENCH_SEQ_TO=$participants BENCH_SEQ_KIND=user BENCH_SEQ_THREADS=1 wrk -t1 -c8 -d"${sweep}s" \
		-s "$BENCH_DIR/wrk/seq.lua" "http://127.0.0.1:$HTTP_PORT" >"$OUT/leagues-sweep-users.txt"
	wait "$sweeper" || true
	redis-cli -p "$REDIS_PORT" --scan --pattern 'bench:league:*' >"$OUT/leagues-keys.txt"
	awk '{ print "MEMORY USAGE " $0 " SAMPLES 0" }' "$OUT/leagues-keys.txt" | redis-cli -p "$REDIS_PORT" >"$OUT/leagues-bytes.txt"
	awk '{ print ($0 ~ /:(gen|checked)$/) ? "STRLEN " $0 : "HLEN " $0 }' "$OUT/leagues-keys.txt" | redis-cli -p "$REDIS_PORT" >"$OUT/leagues-len.txt"
	paste -d'|' "$OUT/leagues-keys.txt" "$OUT/leagues-bytes.txt" "$OUT/leagues-len.txt" >"$OUT/leagues-memory.txt"
	stop_service
	# listings: fields are the members plus '#'; lookups: one field per user
	local mem
	# generations and the league check's mark (one per season) count as "gen"
	mem=$(awk -F'|' '{ kind = ($1 ~ /:who:/) ? "who" : ($1 ~ /:(gen|checked)$/) ? "gen" : "group"
		keys[kind]++; bytes[kind] += $2; n[kind] += (kind == "group") ? $3 - 1 : (kind == "who") ? $3 : 0 }
		END { printf "%d %d %d %d %d %d %d %d", keys["group"], bytes["group"], n["group"], keys["who"], bytes["who"], n["who"], keys["gen"], bytes["gen"] }' "$OUT/leagues-memory.txt")
	read -r g_keys g_bytes g_members w_keys w_bytes w_entries gen_keys gen_bytes <<<"$mem"
	local total per_user per_member per_entry projected
	total=$((g_bytes + w_bytes + gen_bytes))
	per_user=$(awk -v t="$total" -v p="$participants" 'BEGIN { printf "%.0f", (p > 0) ? t / p : 0 }')
	per_member=$(awk -v b="$g_bytes" -v n="$g_members" 'BEGIN { printf "%.1f", (n > 0) ? b / n : 0 }')
	per_entry=$(awk -v b="$w_bytes" -v n="$w_entries" 'BEGIN { printf "%.1f", (n > 0) ? b / n : 0 }')
	projected=$(awk -v a="$per_member" -v b="$per_entry" 'BEGIN { printf "%.0f", a + b }')
	local top10
	top10=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/leagues-top10-$r.txt"; done | median)
	say ""
	say "### (12) Leagues at $USERS users: weekly seasons, groups of $LEAGUE_SIZE (issue 23; ${SECONDS_PER_RUN}s x $ROUNDS rounds interleaved, medians)"
	say ""
	say "- placed in groups by SQL before the rounds (as joins would place them): $joined_target (took $((t1 - t0)) s), then ${WARMUP}s of joins by updates as warm-up; after the rounds: $participants participating users in $groups groups (all in the lowest tier: no earlier season exists)"
	say "- source of a group read: $(tr '\n' ' ' <"$OUT/leagues-source.txt")"
	say ""
	say "| load (wrk -c$CONNECTIONS) | requests/s | p50 ms | p99 ms | vs global top-10 | errors |"
	say "| --- | ---: | ---: | ---: | ---: | ---: |"
	for kind in top10 group joined join; do say "$(wrk_table_row leagues "$kind" "$top10")"; done
	say ""
	say "Where the CPU goes: ms of CPU per request, by process (medians). 'join': each update the user's first of the season (per user joined, from PostgreSQL's count); 'joined': updates of users who joined already"
	say ""
	say "| load | service | PostgreSQL | Redis | wrk | total |"
	say "| --- | ---: | ---: | ---: | ---: | ---: |"
	local join_cpu joined_cpu
	join_cpu=$(cpu_per_request leagues-join join_count)
	joined_cpu=$(cpu_per_request leagues-joined wrk_requests)
	say "| update that joins | $(echo "$join_cpu" | awk '{ printf "%s | %s | %s | %s | %s", $1, $2, $3, $4, $5 }') |"
	say "| update of a joined user | $(echo "$joined_cpu" | awk '{ printf "%s | %s | %s | %s | %s", $1, $2, $3, $4, $5 }') |"
	say "| league group read | $(cpu_row leagues-group wrk_requests) |"
	say "| global top-10 | $(cpu_row leagues-top10 wrk_requests) |"
	local added_total added_service
	added_total=$(awk -v a="$(echo "$join_cpu" | awk '{ print $5 - $4 }')" -v b="$(echo "$joined_cpu" | awk '{ print $5 - $4 }')" 'BEGIN { printf "%.1f", (b > 0) ? (a / b - 1) * 100 : 0 }')
	added_service=$(awk -v a="$(echo "$join_cpu" | awk '{ print $1 }')" -v b="$(echo "$joined_cpu" | awk '{ print $1 }')" 'BEGIN { printf "%.1f", (b > 0) ? (a / b - 1) * 100 : 0 }')
	say ""
	say "- Redis memory of the league keys after a ${sweep}s sweep reading every group and every participant's group: $total bytes for $participants participating users ($per_user bytes per user): $g_keys group listings ($g_bytes bytes, $g_members members listed, $per_member bytes per member), $w_keys lookup buckets ($w_bytes bytes, $w_entries users, $per_entry bytes per user), $gen_keys generations ($gen_bytes bytes)"
	say "- if every listing and every lookup were cached at once (they live until one season after their season's end, so every one read stays; at this size the sweep may not reach them all): $per_member + $per_entry = $projected bytes per participating user"
	say ""
	local group_rps
	group_rps=$(for r in $(seq "$ROUNDS"); do wrk_rps "$OUT/leagues-group-$r.txt"; done | median)
	say "Target league group read >= 0.9x global top-10: $(check "$(ratio "$group_rps" "$top10")" ">=" 0.9) ($(ratio "$group_rps" "$top10")x); joining adds <= 10 % CPU per update (service + PostgreSQL + Redis): $(check "$added_total" "<=" 10) ($added_total %; the service's alone: $added_service %); league memory <= 150 bytes per participating user: measured $(check "$per_user" "<=" 150) ($per_user), all cached $(check "$projected" "<=" 150) ($projected)"
}
join_count() { cat "${1%.txt}.count"; }

# ---- (13) issue 23: exporting a whole board with a small heap ----
EXPORT_PERIOD="${BENCH_EXPORT_PERIOD:-yearly}"
EXPORT_FORMATS="${BENCH_EXPORT_FORMATS:-csv ndjson}"
export_rows() { awk '{ print $1 }' "${1%.txt}.rows"; }
export_board() {
	log "export: the $EXPORT_PERIOD board of $USERS users, formats $EXPORT_FORMATS, service at -Xmx256m"
	stop_service
	local saved="$SERVICE_JAVA_OPTS"
	SERVICE_JAVA_OPTS="$SERVICE_JAVA_OPTS -Xmx256m"
	start_service
	SERVICE_JAVA_OPTS="$saved"
	local url="http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/admin/export/$EXPORT_PERIOD"
	local auth="Authorization: Bearer $LEADERBOARD_ADMIN_TOKEN"
	for format in $EXPORT_FORMATS; do
		curl -sS -H "$auth" -o /dev/null "$url?format=$format"
	done
	for round in $(seq "$ROUNDS"); do
		for format in $EXPORT_FORMATS; do
			cpu_run "export-$format-$round" curl -sS -H "$auth" -D "$OUT/export-$format-$round.headers" \
				-o "$OUT/export.tmp" -w '%{http_code} %{time_total} %{size_download}\n' "$url?format=$format" \
				>"$OUT/export-$format-$round.txt"
			# records: lines minus the CSV header
			awk -v f="$format" 'END { print (f == "csv") ? NR - 1 : NR }' "$OUT/export.tmp" >"$OUT/export-$format-$round.rows"
			rm -f "$OUT/export.tmp"
		done
	done
	local heap
	heap=$(jcmd "$SERVICE_PID" GC.heap_info 2>/dev/null | head -3 | tr -s ' \n' ' ' || true)
	stop_service
	local board_size
	board_size=$(psql "$DATABASE_URL" -tAc "select count(*) from period_totals where period = '$EXPORT_PERIOD' and period_start = (select max(period_start) from period_totals where period = '$EXPORT_PERIOD')")
	say ""
	say "### (13) Export of the current $EXPORT_PERIOD board at $USERS users ($board_size rows in PostgreSQL), service at -Xmx256m (issue 23; one warm-up export per format, then $ROUNDS rounds interleaved, medians)"
	say ""
	say "| format | rows | seconds | rows/s | MB | HTTP status | service CPU ms | PostgreSQL CPU ms | curl CPU ms |"
	say "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |"
	local csv_rate=0
	for format in $EXPORT_FORMATS; do
		local rows secs rate mb codes cpu
		rows=$(for r in $(seq "$ROUNDS"); do export_rows "$OUT/export-$format-$r.txt"; done | median)
		secs=$(for r in $(seq "$ROUNDS"); do awk '{ print $2 }' "$OUT/export-$format-$r.txt"; done | median)
		rate=$(for r in $(seq "$ROUNDS"); do awk -v n="$(export_rows "$OUT/export-$format-$r.txt")" '{ printf "%.0f\n", ($2 > 0) ? n / $2 : 0 }' "$OUT/export-$format-$r.txt"; done | median)
		mb=$(for r in $(seq "$ROUNDS"); do awk '{ printf "%.1f\n", $3 / 1e6 }' "$OUT/export-$format-$r.txt"; done | median)
		codes=$(for r in $(seq "$ROUNDS"); do awk '{ print $1 }' "$OUT/export-$format-$r.txt"; done | sort | uniq -c | awk '{ printf "%s%s x%s", (NR > 1) ? ", " : "", $2, $1 }')
		cpu=$(for col in 1 2 4; do for r in $(seq "$ROUNDS"); do awk -v c="$col" '{ print $c }' "$OUT/cpu-export-$format-$r.txt"; done | median; done | tr '\n' ' ')
		say "| $format | $rows | $secs | $rate | $mb | $codes | $(echo "$cpu" | awk '{ printf "%s | %s | %s", $1, $2, $3 }') |"
		[[ "$format" == csv ]] && csv_rate=$rate
	done
	say ""
	say "- heap after the exports: ${heap:-n/a}; OutOfMemoryError in the service log: $(grep -c OutOfMemoryError "$OUT/service.log" || true)"
	say ""
	say "Target export >= 200,000 rows/s with -Xmx256m (CSV): $(check "$csv_rate" ">=" 200000) ($csv_rate rows/s of a $board_size-row board)"
}


# ---- (15) the drift check's cost (issue 24: one check <= 1 s of PostgreSQL plus Redis) ----
# The service runs idle with a drift check every BENCH_DRIFT_INTERVAL (20 s) for
# BENCH_DRIFT_SECONDS (100 s). All the CPU that PostgreSQL and Redis used in that window,
# divided by the checks that ran in it (the service's own leaderboard.cache.check timer):
# an upper bound of one check's cost, since the relay's and the warm-up's idle ticks count
# in it too.
check_timer() { # count and sum (s) of leaderboard.cache.check
	{ curl -s --max-time 5 "http://127.0.0.1:$HTTP_PORT/actuator/prometheus" || true; } \
		| awk '/^leaderboard_cache_check_seconds_count/ { c = $NF } /^leaderboard_cache_check_seconds_sum/ { s = $NF } END { print c + 0, s + 0 }'
}
drift() {
	local interval="${BENCH_DRIFT_INTERVAL:-20s}" seconds="${BENCH_DRIFT_SECONDS:-100}"
	log "drift: $USERS users, a check every $interval, ${seconds}s idle"
	LEADERBOARD_DRIFT_INTERVAL="$interval" start_service
	local c0 c1 p0 p1 r0 r1 s0 s1
	read -r c0 s0 < <(check_timer)
	p0=$(pg_ticks); r0=$(ticks_of "$(redis_pid)")
	sleep "$seconds"
	p1=$(pg_ticks); r1=$(ticks_of "$(redis_pid)")
	read -r c1 s1 < <(check_timer)
	stop_service
	local checks=$(( ${c1%.*} - ${c0%.*} ))
	local pg_ms=$(( (p1 - p0) * TICK_MS )) redis_ms=$(( (r1 - r0) * TICK_MS ))
	say ""
	say "### (15) The drift check at $USERS users: ${seconds} s idle, a check every $interval"
	say ""
	say "- checks in the window: $checks; their own time: $(awk -v a="$s0" -v b="$s1" -v n="$checks" 'BEGIN { if (n > 0) printf "%.0f ms each", (b - a) * 1000 / n; else print "n/a" }')"
	say "- CPU in the window: PostgreSQL $pg_ms ms, Redis $redis_ms ms (the whole server's; the idle relay and warm-up included)"
	local per
	per=$(awk -v p="$pg_ms" -v r="$redis_ms" -v n="$checks" 'BEGIN { if (n > 0) printf "%.0f", (p + r) / n; else print "n/a" }')
	say ""
	say "Target one drift check <= 1 s of PostgreSQL plus Redis: $( [[ "$per" == n/a ]] && echo n/a || check "$per" "<=" 1000) (at most $per ms per check)"
}
# ---- (14) issue 24: a restart, quiet and under updates ("restarts in seconds") ----
# A new instance of the same jar started where the last one stopped, over the Redis it
# filled (the data set loaded, every board built, the first instance's start-up check
# done), as a deploy or a crash restarts it. Each run stops the running instance, launches
# the new one and polls (about every 100 ms), noting in ms from the launch: liveness and
# readiness up, the first top-10 of the current daily board answered from Redis (until the
# service trusts a board it answers from PostgreSQL), the start-up check's last line (its
# own time stamp; it says what it rebuilt) and the previous boards warm. The CPU of the
# service, PostgreSQL and Redis counts from the launch until that line is seen (so up to
# one poll past it). The first run is quiet; in the second, FeedLoad (the feeds section's
# generator, no feed open) sends BENCH_RESTART_RATE updates/s for BENCH_RESTART_SECONDS,
# from before the stop until well after the new instance is up: the updates refused while
# no instance listens are among its failed ones, and PostgreSQL's CPU includes the updates'
# own (and, on a shared machine, every other client's of the same server).
RESTART_RATE="${BENCH_RESTART_RATE:-500}"
RESTART_SECONDS="${BENCH_RESTART_SECONDS:-}"
RESTART_LOADER=
since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# the start-up check runs once per deploy: an instance started within a drift interval of a
# completed check skips its own. A restart is measured as that of an instance that ran
# longer than that: wait until the last check's mark has expired
wait_startup_mark() {
	local key="bench:lease:{startup-repair-done}"
	for _ in $(seq 1200); do
		[[ "$(redis-cli -p "$REDIS_PORT" exists "$key")" == 0 ]] && return
		sleep 0.1
	done
	log "the start-up check's mark $key is still set after 120 s; the new instance will skip its check"
}
# the updates the running instance answered, by HTTP status ("200=2846 503=12"; its own
# count, in /actuator/prometheus), and their sum
updates_by_status() {
	{ curl -s --max-time 5 "http://127.0.0.1:$HTTP_PORT/actuator/prometheus" || true; } \
		| awk '/^http_server_requests_seconds_count\{/ && /uri="\/api\/redis-leaderboard\/update"/ {
			match($0, /status="[0-9]+"/); n[substr($0, RSTART + 8, RLENGTH - 9)] += $NF }
			END { for (s in n) printf "%s=%d ", s, n[s]; print "" }'
}
status_sum() { awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); s += kv[2] } } END { printf "%d\n", s }'; }
updates_answered() { updates_by_status | status_sum; }
# Each milestone has a poller of its own (a background loop, about every 100 ms) that adds
# "ms EVENT" to $RESTART_TIMELINE once its COMMAND succeeds: an answer that is slow while
# the starting service queues requests then delays no other milestone. A probe waits up to
# 5 s for its answer, so a slow answer is not taken for a refused one. Pollers give up
# when the new instance exits, or after 600 s
RESTART_LAUNCH=
RESTART_TIMELINE=
poll_until() { # EVENT COMMAND...
	local event=$1
	shift
	until "$@"; do
		kill -0 "$SERVICE_PID" 2>/dev/null && (( $(since "$RESTART_LAUNCH") < 600000 )) || return 0
		sleep 0.1
	done
	echo "$(since "$RESTART_LAUNCH") $event" >>"$RESTART_TIMELINE"
}
probe() { curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:$HTTP_PORT$1"; }
# a top-10 read of the current daily board answered 200 from Redis; the first 200 from
# anywhere (PostgreSQL, while the service does not trust Redis yet) goes in the timeline too
first_answer=
top10_from_redis() {
	local status source
	read -r status source <<<"$({ curl -s -o /dev/null -D - --max-time 5 "http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/daily?limit=10" || true; } \
		| tr -d '\r' | awk 'NR == 1 { code = $2 } tolower($1) == "x-leaderboard-source:" { source = $2 }
			END { print (code == "") ? "000" : code, (source == "") ? "-" : source }')"
	if [[ "$status" == 200 && -z "$first_answer" ]]; then
		first_answer=yes
		echo "$(since "$RESTART_LAUNCH") first top-10 answered, from $source" >>"$RESTART_TIMELINE"
	fi
	[[ "$status" == 200 && "$source" == redis ]]
}
# the start-up check's last line in the log; the CPU of the service, PostgreSQL (from
# RESTART_PG0) and Redis (from RESTART_REDIS0) read at once, as close to the line as the
# poll allows, into $RESTART_TIMELINE.cpu
RESTART_PG0=
RESTART_REDIS0=
startup_check_seen() {
	grep -q "$STARTUP_CHECK_ENDED" "$OUT/service.log" || return 1
	echo "$(( $(ticks_of "$SERVICE_PID") * TICK_MS )) $(( ($(pg_ticks) - RESTART_PG0) * TICK_MS ))" \
		"$(( ($(ticks_of "$(redis_pid)") - RESTART_REDIS0) * TICK_MS ))" >"$RESTART_TIMELINE.cpu"
}
timeline_at() { awk -v e="$1" 'substr($0, index($0, " ") + 1) == e { print $1; exit }' "$RESTART_TIMELINE"; }
# restart_once NAME: stops the running instance, launches a new one and writes its timeline,
# "ms event" lines (ms from the launch), then "key=value" lines, to $OUT/restart-NAME.txt
restart_once() {
	local name=$1 stopping stopped load warm_before=no
	RESTART_TIMELINE="$OUT/restart-$name.timeline"
	: >"$RESTART_TIMELINE"
	rm -f "$RESTART_TIMELINE.cpu"
	previous_warm && warm_before=yes
	stopping=$(date +%s%N)
	stop_service
	stopped=$(date +%s%N)
	RESTART_PG0=$(pg_ticks)
	RESTART_REDIS0=$(ticks_of "$(redis_pid)")
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	RESTART_LAUNCH=$(date +%s%N)
	launch_service
	local launch=$RESTART_LAUNCH pollers=()
	poll_until "liveness up" probe /actuator/health/liveness &
	pollers+=($!)
	poll_until "readiness up" probe /actuator/health/readiness &
	pollers+=($!)
	poll_until "first top-10 from Redis" top10_from_redis &
	pollers+=($!)
	poll_until "start-up check's line seen" startup_check_seen &
	pollers+=($!)
	poll_until "previous boards warm" previous_warm &
	pollers+=($!)
	wait "${pollers[@]}"
	kill -0 "$SERVICE_PID" 2>/dev/null || log "restart $name: the new instance exited; see $OUT/restart-$name-service.log"
	local live ready answer redis_read seen warm cpu
	live=$(timeline_at "liveness up")
	ready=$(timeline_at "readiness up")
	redis_read=$(timeline_at "first top-10 from Redis")
	answer=$(awk '/ first top-10 answered/ { print $1; exit }' "$RESTART_TIMELINE")
	seen=$(timeline_at "start-up check's line seen")
	warm=$(timeline_at "previous boards warm")
	cpu=$(cat "$RESTART_TIMELINE.cpu" 2>/dev/null || true)
	cp "$OUT/service.log" "$OUT/restart-$name-service.log"
	# the check's line at its own time stamp (the log line's first field), and what it rebuilt:
	# "nothing", or the boards that differed (and the user cache) by the warnings before it
	local line stamp check= own= rebuilt= started
	line=$(grep "$STARTUP_CHECK_ENDED" "$OUT/service.log" | tail -1 || true)
	stamp=$(date -d "$(echo "$line" | awk '{ print $1 }')" +%s%N 2>/dev/null || true)
	if [[ -n "$line" && -n "$stamp" ]]; then
		check=$(( (stamp - launch) / 1000000 )); echo "$check start-up check ended (its line's time stamp)" >>"$RESTART_TIMELINE"
	fi
	own=$(echo "$line" | sed -n 's/.* done in \([0-9]*\) ms.*/\1/p')
	if echo "$line" | grep -q 'nothing rebuilt'; then
		rebuilt=nothing
	elif echo "$line" | grep -q 'rebuilt'; then
		rebuilt=$( { grep -o 'Start-up check: the [^ ]* board differs' "$OUT/service.log" | awk '{ print $4 }'
			grep -q 'Start-up check: the user cache holds' "$OUT/service.log" && echo 'user-cache'; } | paste -sd, -)
		rebuilt="${rebuilt:-$(echo "$line" | sed -n 's/.*: \(.*\) rebuilt.*/\1/p')}"
	else
		rebuilt="check $(echo "$line" | grep -o 'skipped\|stopped' || echo "line not seen")"
	fi
	started=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds.*' "$OUT/service.log" | head -1 || true)
	{
		echo "# restart $name at $USERS users: ms from the launch of the new java process (negative: before it)"
		echo "$(( (stopping - launch) / 1000000 )) stopping the previous instance"
		echo "$(( (stopped - launch) / 1000000 )) previous instance stopped"
		echo "0 launch"
		sort -n "$RESTART_TIMELINE"
		echo "launch_epoch_ns=$launch"
		echo "stop_ms=$(( (stopped - stopping) / 1000000 ))"
		echo "load_average_at_launch=$load"
		echo "previous_warm_before_launch=$warm_before"
		echo "liveness_ms=$live"
		echo "readiness_ms=$ready"
		echo "first_answer_ms=$answer"
		echo "first_redis_read_ms=$redis_read"
		echo "check_done_ms=${check:-$seen}"
		echo "check_seen_ms=$seen"
		echo "check_own_ms=$own"
		echo "rebuilt=$rebuilt"
		echo "previous_warm_ms=$warm"
		echo "cpu_ms_service_postgres_redis=$cpu"
		echo "check_line=$(echo "$line" | grep -o 'Start-up.*' || true)"
		echo "jvm=$started"
	} >"$OUT/restart-$name.txt"
	rm -f "$RESTART_TIMELINE" "$RESTART_TIMELINE.cpu"
	log "restart $name: $(grep -c '' "$OUT/restart-$name.txt") lines in $OUT/restart-$name.txt; $(echo "$line" | grep -o 'Start-up.*' || true)"
}
# the last milestone of a run's timeline (ms)
restart_last() { for key in liveness_ms readiness_ms first_redis_read_ms check_done_ms previous_warm_ms; do restart_value "$1" "$key"; done | sort -n | tail -1; }
restart_value() { awk -v k="$2" 'index($0, k "=") == 1 { print substr($0, length(k) + 2) }' "$OUT/restart-$1.txt"; }
# boards kept in Redis were warm before the new instance launched: its poller's first look
# then times the poll, not the service
restart_warm() { if [[ "$(restart_value "$1" previous_warm_before_launch)" == yes ]]; then echo "kept (warm at launch)"; else restart_value "$1" previous_warm_ms; fi; }
restart_row() { # NAME LABEL UPDATES: a row of the table below
	local cpu
	cpu=$(restart_value "$1" cpu_ms_service_postgres_redis)
	echo "| $2 | $(restart_value "$1" liveness_ms) | $(restart_value "$1" readiness_ms) | $(restart_value "$1" first_redis_read_ms) | $(restart_value "$1" check_done_ms) | $(restart_value "$1" check_own_ms | sed 's/^$/n\/a/') | $(restart_value "$1" rebuilt) | $(restart_warm "$1") | $(echo "${cpu:-n/a n/a n/a}" | awk '{ printf "%s | %s | %s", $1, $2, $3 }') | $3 |"
}
stop_loader() {
	[[ -n "$RESTART_LOADER" ]] || return 0
	kill $(pgrep -P "$RESTART_LOADER") "$RESTART_LOADER" 2>/dev/null || true
	RESTART_LOADER=
}
restart() {
	log "restart: $USERS users; a first instance, then a quiet restart and one under $RESTART_RATE updates/s"
	start_service
	wait_startup_mark
	restart_once quiet
	wait_startup_mark
	# long enough for the restart under updates to take three times the quiet one's time,
	# plus FeedLoad's own start and the updates before the stop
	local seconds="$RESTART_SECONDS" quiet_last
	quiet_last=$(restart_last quiet)
	[[ -n "$seconds" ]] || seconds=$(( 3 * ${quiet_last:-60000} / 1000 + 30 ))
	# the updates start before the stop and go on through the restart (FeedLoad's CPU
	# columns, of the instance running when it started, are not used); if the run ends
	# inside, the generator ends with it
	trap 'stop_loader; cleanup' EXIT
	FEED_RATE=$RESTART_RATE feedload 0 "$seconds" >"$OUT/restart-loaded-updates.txt" &
	RESTART_LOADER=$!
	local first= answered=0 waiting
	waiting=$(date +%s%N)
	# stop once the running instance has answered 5 s of them
	while (( $(since "$waiting") < 120000 )) && kill -0 "$RESTART_LOADER" 2>/dev/null; do
		answered=$(updates_answered)
		if [[ -z "$first" ]] && (( answered > 0 )); then first=$(date +%s%N); fi
		(( answered >= RESTART_RATE * 5 )) && break
		sleep 0.2
	done
	log "restart loaded: the running instance answered $answered updates before the stop"
	restart_once loaded
	wait "$RESTART_LOADER" || true
	RESTART_LOADER=
	trap cleanup EXIT
	local answered_new by_status
	by_status=$(updates_by_status)
	answered_new=$(echo "$by_status" | status_sum)
	stop_service
	# the updates' span on the loaded timeline: from their first answer that the loop above
	# saw (give or take its 200 ms), for as long as FeedLoad took to send them all (it sends
	# rate x seconds updates, later than planned when it falls behind)
	local u="$OUT/restart-loaded-updates.txt" launch from= until= last
	launch=$(restart_value loaded launch_epoch_ns)
	if [[ -n "$first" ]]; then
		from=$(( (first - launch) / 1000000 ))
		until=$(awk -v f="$from" -v n="$(feed_value "$u" updates)" -v r="$(feed_value "$u" send_rate)" 'BEGIN { printf "%d", (r > 0) ? f + n / r * 1000 : f }')
	fi
	{
		echo "updates_seconds=$seconds"
		echo "updates_answered_before_stop=$answered"
		echo "updates_answered_by_new_instance=$answered_new"
		echo "updates_by_status_new_instance=$by_status"
		echo "updates_from_ms=$from"
		echo "updates_until_ms=$until"
		echo "updates=$(cat "$OUT/restart-loaded-updates.txt")"
	} >>"$OUT/restart-loaded.txt"
	last=$(restart_last loaded)
	local unanswered
	unanswered=$(( $(feed_value "$u" updates) - $(feed_value "$u" ok) - $(feed_value "$u" failed) ))
	say ""
	say "### (14) Restart at $USERS users (issue 24, 'restarts in seconds'): ms from the launch of the new instance (same jar) over the Redis the last one filled; polled every 100 ms"
	say ""
	say "| run | liveness | readiness | first top-10 from Redis | start-up check done | check's own ms | rebuilt | previous boards warm | service CPU ms | PostgreSQL CPU ms | Redis CPU ms | updates ok / sent (failed; unanswered) |"
	say "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |"
	say "$(restart_row quiet quiet none)"
	say "$(restart_row loaded "$RESTART_RATE updates/s" "$(feed_value "$u" ok) / $(feed_value "$u" updates) ($(feed_value "$u" failed); $unanswered)")"
	say ""
	for name in quiet loaded; do
		say "- $name: load average at the launch $(restart_value "$name" load_average_at_launch); previous instance stopped in $(restart_value "$name" stop_ms) ms; first top-10 answered at $(restart_value "$name" first_answer_ms) ms ($(awk '/first top-10 answered/ { print $NF; exit }' "$OUT/restart-$name.txt")); previous boards warm before the launch: $(restart_value "$name" previous_warm_before_launch); $(restart_value "$name" jvm); check: $(restart_value "$name" check_line)"
	done
	say "- updates: FeedLoad at $RESTART_RATE/s for $seconds s (sent $(feed_value "$u" send_rate)/s), from about ${from:-?} ms to ${until:-?} ms on the loaded timeline (its last event at ${last:-?} ms: covered $(awk -v u="${until:-0}" -v l="${last:-0}" 'BEGIN { print (u >= l) ? "yes" : "NO" }')); answered by the previous instance (5 s' worth, then the stop): $answered, by the new one: $answered_new (by status: ${by_status:-none}); failed: refused while no instance listened, or not 200; unanswered: still in flight 10 s after the last was sent"
	say "- CPU: from the launch until the check's line was seen (at $(restart_value quiet check_seen_ms) and $(restart_value loaded check_seen_ms) ms); with updates, PostgreSQL's includes theirs"
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
		people) people; loaded=people ;;
		feeds|leagues|export)
			if [[ "$loaded" != people ]]; then
				stop_redis; start_redis; people_dataset; cli cache init >"$OUT/people-init.txt"; loaded=people
			fi
			case "$section" in feeds) feeds ;; leagues) leagues ;; export) export_board ;; esac ;;
		http|sync|syncpipe|memory|updates|standings|fallback|profile|restart|drift)
			if [[ "$loaded" != "$USERS" ]]; then dataset "$USERS"; loaded=$USERS; fi
			case "$section" in http) http ;; profile) profile ;; sync) sync_rate ;; syncpipe) sync_vs_pipe ;; memory) memory ;; updates) updates ;; standings) standings ;; fallback) fallback ;; restart) restart ;; drift) drift ;; esac ;;
		*) echo "unknown section $section" >&2; exit 2 ;;
	esac
done
say ""
say "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
log "done: $SUMMARY"
