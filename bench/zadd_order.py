#!/usr/bin/env python3
"""What a board build costs Redis by the order of its members (BENCHMARKS.md, row 'full sync
at 1M'; the measurements are in bench/results/20261126-sync-issue14/summary.md).

Sends 900 ZADD LT batches of 1,000 members (900,000 random users and scores, the shape of
a yearly board at 1M users) into a fresh sorted set with redis-cli --pipe, once in random
order, once in runs of 100,000 sorted by score (what ScoreOrderedBuild does) and once fully
sorted, and prints Redis's own time per batch (INFO commandstats) and the main thread's CPU.

    bench/zadd_order.py [port [script.lua ...]]
        (port default 6391; uses and deletes the keys bench:{zadd-order} and its :ver hash)

Each script given (board_build_add.lua, or an older version of it from git) is then run on
the sorted runs too, as EVAL batches (KEYS: the sorted set, the board's version hash, and
for a version that checks the build's owner its owner key and its erased set, with the
token last), once
without a version hash and once with one (a user who left the board).
"""
import random
import subprocess
import sys

PORT = sys.argv[1] if len(sys.argv) > 1 else '6391'
KEY = 'bench:{zadd-order}'
VERSIONS = KEY + ':ver'
OWNER = KEY + ':build:owner'
ERASED = KEY + ':build:erased'
SCRIPTS = sys.argv[2:]


def cli(*args):
    return subprocess.run(['redis-cli', '-p', PORT, *args], capture_output=True, text=True, check=True).stdout


def command(args):
    parts = ['*%d\r\n' % len(args)]
    for arg in args:
        arg = str(arg)
        parts.append('$%d\r\n%s\r\n' % (len(arg.encode()), arg))
    return ''.join(parts)


def main_cpu():
    info = dict(line.split(':', 1) for line in cli('info', 'cpu').splitlines() if ':' in line)
    return float(info['used_cpu_user_main_thread']) + float(info['used_cpu_sys_main_thread'])


def run(name, rows, script=None):
    # the version that refuses a batch unless the build key exists and is this build's
    owned = script is not None and 'table.remove(ARGV)' in script

    def batch(b):
        members = [v for row in rows[b:b + 1000] for v in row]
        if owned:
            return command(['EVAL', script, 4, KEY, VERSIONS, OWNER, ERASED] + members + ['bench'])
        return command(['EVAL', script, 2, KEY, VERSIONS] + members if script else ['ZADD', KEY, 'LT'] + members)
    payload = ''.join(batch(b) for b in range(0, len(rows), 1000))
    cli('del', KEY)
    if owned:
        cli('zadd', KEY, '1', '#')
        cli('set', OWNER, 'bench')
    cli('config', 'resetstat')
    cpu = main_cpu()
    subprocess.run(['redis-cli', '-p', PORT, '--pipe'], input=payload, capture_output=True, text=True, check=True)
    cpu = main_cpu() - cpu
    stats = next(line for line in cli('info', 'commandstats').splitlines()
                 if line.startswith('cmdstat_eval:' if script else 'cmdstat_zadd:'))
    per_call = float(stats.split('usec_per_call=')[1].split(',')[0])
    print(f'{name:<48} {per_call / 1000:6.2f} ms per 1,000-member batch   main thread CPU {cpu:5.2f} s')
    cli('del', KEY, OWNER)


random.seed(42)
rows = [(-(random.randint(1, 500) * (1 << 25) + random.randint(0, 1 << 24)), 'user%07d' % random.randint(0, 9_999_999))
        for _ in range(900_000)]
runs = [row for start in range(0, len(rows), 100_000) for row in sorted(rows[start:start + 100_000])]
with open('/proc/loadavg') as f:
    print('load average at start:', ' '.join(f.read().split()[:3]))
for _ in range(2):
    run('random order', rows)
    run('runs of 100,000 sorted', runs)
    run('fully sorted', sorted(rows))
for path in SCRIPTS:
    with open(path) as f:
        script = f.read()
    for versions in (False, True):
        cli('del', VERSIONS)
        if versions:
            cli('hset', VERSIONS, 'someone-who-left', '-3')
        run(f"{path.split('/')[-1]}, {'a' if versions else 'no'} version hash", runs, script)
    cli('del', VERSIONS)
with open('/proc/loadavg') as f:
    print('load average at end:', ' '.join(f.read().split()[:3]))
