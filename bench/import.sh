#!/usr/bin/env bash
# The import benchmark (BENCHMARKS.md, row 'import 1M'): `import FILE.csv` of N users into an empty
# database, the same file again (every user unchanged), and `--dry-run` (the file checks
# alone). Target: 1M rows under 60 s. Everything runs on this machine: the jar, a
# redis-server of the bench's own and the PostgreSQL at $BENCH_PG (a database of its own).
#
#   bench/import.sh
#
# Settings (environment): BENCH_IMPORT_USERS (1000000), BENCH_ROUNDS (3: each time is the
# median of this many runs), BENCH_JAR (target/leaderboard.jar), BENCH_PG
# (postgresql://postgres@127.0.0.1:5432), BENCH_REDIS_PORT (6392).
# Needs: a JDK 17, psql, redis-server. Results: bench/results/import-<time>/summary.md.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
USERS="${BENCH_IMPORT_USERS:-1000000}"
ROUNDS="${BENCH_ROUNDS:-3}"
PG="${BENCH_PG:-postgresql://postgres@127.0.0.1:5432}"
REDIS_PORT="${BENCH_REDIS_PORT:-6392}"
JAR="${BENCH_JAR:-$ROOT/target/leaderboard.jar}"
DB=lb_import_bench
OUT="$BENCH_DIR/results/import-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
SUMMARY="$OUT/summary.md"
export DATABASE_URL="$PG/$DB"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export LEADERBOARD_KEYPREFIX="bench-import:"

say() { echo "$*" | tee -a "$SUMMARY"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now_ms() { date +%s%3N; }

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
	--pidfile "$OUT/redis.pid" --logfile "$OUT/redis.log" --dir "$OUT" >/dev/null
trap 'kill "$(cat "$OUT/redis.pid")" 2>/dev/null || true; rm -f "$OUT/counts.csv"' EXIT
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

# user-1 .. user-N with totals that nest (day <= week, day <= month <= year), a tenth
# without pomodoros today, and an updated_at on every other row
awk -v n="$USERS" 'BEGIN {
	print "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo,updated_at"
	for (i = 1; i <= n; i++) {
		d = (i % 10 == 0) ? 0 : i % 9; w = d + i % 13; m = d + i % 41; y = m + i % 97
		printf "user-%d,%d,%d,%d,%d,%s\n", i, d, w, m, y, (i % 2) ? "" : "2026-01-01T00:00:00Z"
	}
}' >"$OUT/counts.csv"

run() { # label, args...: times one CLI run, keeps its output
	local label=$1 start end
	shift
	start=$(now_ms)
	java -Xmx2g -jar "$JAR" "$@" >>"$OUT/$label.out" 2>>"$OUT/$label.err"
	end=$(now_ms)
	echo $((end - start))
}

say "## import benchmark, $(date -u +%Y-%m-%dT%H:%MZ)"
say ""
say "- machine: $(lscpu | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2 }'), $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB memory; shared with other engineers' builds and tests"
say "- software: $(java -version 2>&1 | head -1), redis $(redis-server --version | awk '{ print $3 }'), PostgreSQL $(psql "$PG/postgres" -tAc 'show server_version')"
say "- file: $USERS users, $(du -h "$OUT/counts.csv" | cut -f1)"
say "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -a fresh again dry
for round in $(seq "$ROUNDS"); do
	psql "$PG/postgres" -qc "drop database if exists $DB with (force)" -c "create database $DB" >/dev/null
	redis-cli -p "$REDIS_PORT" flushall >/dev/null
	fresh+=("$(run fresh "import" "$OUT/counts.csv")")
	again+=("$(run again "import" "$OUT/counts.csv")")
	dry+=("$(run dry "import" "$OUT/counts.csv" --dry-run)")
done
say "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
say ""
say "| run (wall time of the whole command, JVM start included) | median ms | runs ms |"
say "| --- | ---: | --- |"
say "| import into an empty database (all new) | $(printf '%s\n' "${fresh[@]}" | median) | ${fresh[*]} |"
say "| the same file again (all unchanged) | $(printf '%s\n' "${again[@]}" | median) | ${again[*]} |"
say "| --dry-run (checks only, no store) | $(printf '%s\n' "${dry[@]}" | median) | ${dry[*]} |"
say ""
say "Last outputs:"
say ""
say '```'
tail -n 1 "$OUT/fresh.out" | tee -a "$SUMMARY"
tail -n 1 "$OUT/again.out" | tee -a "$SUMMARY"
tail -n 1 "$OUT/dry.out" | tee -a "$SUMMARY"
say '```'
psql "$PG/postgres" -qc "drop database if exists $DB with (force)" >/dev/null
