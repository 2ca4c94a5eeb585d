#!/usr/bin/env bash
# Redis Cluster against a single Redis, same run, same data (BENCHMARKS.md, rows 'cluster
# reads' and 'cluster failover'): the top-10 and rank read path (cache perf) on a single
# redis-server and on a 3-master + 3-replica cluster on loopback, then the cost of a
# failover: the service runs against the cluster, a reader asks for the daily board every
# 50 ms, the master holding that board is killed with SIGKILL, and the bench reports the
# seconds until the reads come from Redis again (X-Leaderboard-Source: redis).
#
#   bench/cluster.sh
#
# Settings (environment): BENCH_USERS (1000000), BENCH_ROUNDS (3), BENCH_JAR
# (target/leaderboard.jar), BENCH_PG (postgresql://postgres@127.0.0.1:5432),
# BENCH_REDIS_PORT (6391; the cluster uses the six ports after it + 10),
# BENCH_HTTP_PORT (18081), BENCH_FAILOVERS (3). Needs a JDK 17, psql, redis-server and
# redis-cli 7 (apt-get install postgresql-client redis-server), curl.
# Results: bench/results/<time>-cluster/, summary.md there.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
USERS="${BENCH_USERS:-1000000}"
ROUNDS="${BENCH_ROUNDS:-3}"
FAILOVERS="${BENCH_FAILOVERS:-3}"
PG="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}"
REDIS_PORT="${BENCH_REDIS_PORT:-6391}"
CLUSTER_BASE=$((REDIS_PORT + 10))
HTTP_PORT="${BENCH_HTTP_PORT:-18081}"
DB=lb_bench_cluster
JAR="${BENCH_JAR:-$ROOT/target/leaderboard.jar}"
OUT="$BENCH_DIR/results/$(date -u +%Y%m%dT%H%M%SZ)-cluster"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.md"

export DATABASE_URL="$PG/$DB"
export LEADERBOARD_KEYPREFIX="bench:"
export LEADERBOARD_RATE_LIMIT_PER_MINUTE=0
export SERVER_PORT="$HTTP_PORT"
SEEDS=$(for i in 0 1 2 3 4 5; do printf '127.0.0.1:%d,' $((CLUSTER_BASE + i)); done | sed 's/,$//')

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/log.txt" >&2; }
say() { echo "$*" | tee -a "$SUMMARY"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
# the CLI against the single Redis or the cluster
single() { env -u REDIS_CLUSTER_NODES REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" java -Xmx2g -jar "$JAR" "$@" 2>>"$OUT/cli-stderr.txt"; }
cluster() { env -u REDIS_URL REDIS_CLUSTER_NODES="$SEEDS" java -Xmx2g -jar "$JAR" "$@" 2>>"$OUT/cli-stderr.txt"; }

node() { # port dir [extra args]
	local port=$1 dir=$2
	shift 2
	mkdir -p "$dir"
	redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
		--pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" "$@" >/dev/null
	for _ in $(seq 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && return; sleep 0.1; done
	echo "redis-server on $port did not start" >&2; exit 1
}
start_cluster() {
	for i in 0 1 2 3 4 5; do
		node $((CLUSTER_BASE + i)) "$OUT/cluster-$i" --cluster-enabled yes --cluster-node-timeout 1000 \
			--cluster-config-file nodes.conf --repl-diskless-sync yes --repl-diskless-sync-delay 0
	done
	redis-cli --cluster create $(echo "$SEEDS" | tr ',' ' ') --cluster-replicas 1 --cluster-yes >"$OUT/cluster-create.txt"
	for _ in $(seq 100); do
		redis-cli -p "$CLUSTER_BASE" cluster info | grep -q cluster_state:ok && return
		sleep 0.1
	done
}
stop_all() {
	[[ -n "${SERVICE_PID:-}" ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
	for pid in "$OUT"/*/redis.pid; do [[ -f "$pid" ]] && kill "$(cat "$pid")" 2>/dev/null || true; done
}
trap stop_all EXIT

perf() { # single|cluster round
	"$1" cache perf --source redis --kinds top-10,rank --requests 5000 --warmup 500 >"$OUT/perf-$1-$2.txt"
}

# the port of the live master that serves the daily board key
daily_master() {
	local key slot
	key="bench:board:{daily:$(date -u +%F)}"
	slot=$(redis-cli -p "$1" cluster keyslot "$key")
	redis-cli -p "$1" cluster nodes | awk -v s="$slot" '$3 ~ /master/ && $3 !~ /fail/ {
		for (i = 9; i <= NF; i++) { split($i, r, "-"); if (r[2] == "") r[2] = r[1]; if (s >= r[1] && s <= r[2]) { split($2, a, "[:@]"); print a[2] } } }'
}

source_of_read() {
	curl -s -o /dev/null -m 2 -D - "http://127.0.0.1:$HTTP_PORT/api/redis-leaderboard/daily?limit=10" |
		awk -F': ' 'tolower($1) == "x-leaderboard-source" { gsub(/\r/, "", $2); print $2 }'
}

failover() { # round: prints seconds from the kill until reads come from Redis again
	local port killed_at first_pg=0 back=0 now src
	port=$(daily_master "$CLUSTER_BASE")
	kill -9 "$(redis-cli -p "$port" info server | awk -F: '/^process_id:/ { print $2 + 0 }' | tr -d '\r')"
	killed_at=$(date +%s.%N)
	while true; do
		now=$(date +%s.%N)
		src=$(source_of_read || true)
		echo "$(awk -v a="$now" -v b="$killed_at" 'BEGIN { printf "%.2f", a - b }') ${src:-none}" >>"$OUT/failover-$1.txt"
		[[ "$src" != redis ]] && first_pg=1
		if [[ "$src" == redis && $first_pg == 1 ]]; then back=$now; break; fi
		if awk -v a="$now" -v b="$killed_at" 'BEGIN { exit !(a - b > 60) }'; then break; fi
		sleep 0.05
	done
	if [[ $back == 0 ]]; then
		[[ $first_pg == 0 ]] && echo 0 || echo "n/a"
	else
		awk -v a="$back" -v b="$killed_at" 'BEGIN { printf "%.2f\n", a - b }'
	fi
	# restarted with its nodes.conf, the killed master rejoins as a replica of the one
	# that replaced it, so the next round has a replica to promote again
	node "$port" "$OUT/cluster-$((port - CLUSTER_BASE))" --cluster-enabled yes --cluster-node-timeout 1000 \
		--cluster-config-file nodes.conf --repl-diskless-sync yes --repl-diskless-sync-delay 0
	for _ in $(seq 150); do
		redis-cli -p "$port" info replication | grep -q master_link_status:up && break
		sleep 0.2
	done
}

[[ -f "$JAR" ]] || (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
say "## Run $(basename "$OUT")"
say ""
say "- machine: $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2 }'), $(nproc) cores; shared with other engineers' builds"
say "- software: $(java -version 2>&1 | head -1), redis $(redis-server --version | awk '{ print $3 }')"
say "- command: bench/cluster.sh (BENCH_USERS=$USERS BENCH_ROUNDS=$ROUNDS BENCH_FAILOVERS=$FAILOVERS)"
say "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
node "$REDIS_PORT" "$OUT/single"
start_cluster
psql "$PG/postgres" -qc "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
log "generate $USERS users"
single generate --users "$USERS" --seed 42 --replace >"$OUT/generate.txt"
psql "$DATABASE_URL" -qc "vacuum analyze users, period_totals, board_sizes"
log "load both"
single cache refresh >"$OUT/refresh-single.txt"
cluster cache refresh >"$OUT/refresh-cluster.txt"
for round in $(seq "$ROUNDS"); do
	log "perf round $round"
	perf single "$round"
	perf cluster "$round"
done
say ""
say "### (6) Read path on a single Redis vs a Redis Cluster at $USERS users (cache perf, medians of $ROUNDS runs)"
say ""
say "| kind | single qps | single p50 ms | single p99 ms | cluster qps | cluster p50 ms | cluster p99 ms | cluster / single qps |"
say "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for kind in top-10 rank; do
	cols=()
	for target in single cluster; do
		for field in 3 4 6; do
			cols+=("$(for r in $(seq "$ROUNDS"); do awk -v k="$kind" -v f="$field" '$1 == k { print $f }' "$OUT/perf-$target-$r.txt"; done | median)")
		done
	done
	say "| $kind | ${cols[0]} | ${cols[1]} | ${cols[2]} | ${cols[3]} | ${cols[4]} | ${cols[5]} | $(ratio "${cols[3]}" "${cols[0]}") |"
done

log "failover"
env -u REDIS_URL REDIS_CLUSTER_NODES="$SEEDS" java -Xmx2g -jar "$JAR" >"$OUT/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 240); do
	[[ "$(source_of_read || true)" == redis ]] && break
	sleep 0.5
done
say ""
say "### (7) Failover cost: seconds from kill -9 of the daily board's master until reads come from Redis again"
say ""
say "| round | seconds |"
say "| ---: | ---: |"
for round in $(seq "$FAILOVERS"); do
	sleep 5
	say "| $round | $(failover "$round") |"
done
say ""
say "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
log "done: $SUMMARY"
