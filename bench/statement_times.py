#!/usr/bin/env python3
"""Where PostgreSQL's time goes, statement by statement, from its own log.

Run a bench section with every statement logged, then sum the log's durations by phase
(parse, bind: planning for a prepared statement; execute) and statement:

    psql -h 127.0.0.1 -U postgres -c "alter database lb_bench set log_min_duration_statement = 0"
    n=$(wc -l < /var/log/postgresql/postgresql-15-main.log)
    BENCH_KEEP_DATA=1 BENCH_ROUNDS=1 BENCH_WARMUP=10 bench/run.sh updates
    psql -h 127.0.0.1 -U postgres -c "alter database lb_bench reset log_min_duration_statement"
    tail -n +$n /var/log/postgresql/postgresql-15-main.log > run.log
    bench/statement_times.py run.log 20:40:37 20:41:07   # the timed window (HH:MM:SS, UTC)

The durations are wall time inside the server: on a loaded machine they include waiting
for a core, so read them as shares, not as CPU.
"""
import collections
import re
import sys


def entries(path):
    """The log's entries, each with its continuation lines (a statement's later lines)."""
    entry = None
    with open(path, errors="replace") as log:
        for line in log:
            if re.match(r"\d{4}-\d\d-\d\d ", line):
                if entry:
                    yield entry
                entry = line.rstrip("\n")
            elif entry is not None:
                entry += " " + line.strip()
    if entry:
        yield entry


def main(path, start="00:00:00", end="99:99:99", top=16):
    sums = collections.defaultdict(lambda: [0, 0.0])
    pattern = re.compile(r"duration: ([\d.]+) ms\s+(parse|bind|execute) [^:]*:\s*(.{0,110})")
    for entry in entries(path):
        if not start <= entry[11:19] <= end:
            continue
        found = pattern.search(entry)
        if found:
            # a statement's name (S_3) is its connection's; the text tells them apart
            key = (found.group(2), re.sub(r"\s+", " ", found.group(3)).strip())
            sums[key][0] += 1
            sums[key][1] += float(found.group(1))
    print("| ms in all | calls | ms per call | phase | statement |")
    print("| ---: | ---: | ---: | --- | --- |")
    for (phase, text), (calls, ms) in sorted(sums.items(), key=lambda kv: -kv[1][1])[:int(top)]:
        print(f"| {ms:.0f} | {calls} | {ms / calls:.3f} | {phase} | `{text}` |")


if __name__ == "__main__":
    main(*sys.argv[1:])
