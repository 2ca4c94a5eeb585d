#!/usr/bin/env bash
# Writes, as RESP on standard output, the plain commands that would load every key under a
# prefix into an empty Redis: one ZADD per 1,000 members of a sorted set, one HSET per 1,000
# fields of a hash, one SADD/RPUSH per 1,000 of a set or list, and a SET per string. The
# raw bulk load that the sync is compared with: `redis-cli --pipe` of this file into an empty
# Redis moves the same members with no scripts, checks or PostgreSQL in the way.
#   bench/pipe-dump.sh PORT 'bench:*' > members.resp
set -euo pipefail
PORT="$1"
PATTERN="$2"
export LC_ALL=C # byte lengths, as RESP counts them

# reads "a b a b ..." lines (two per entry) and writes commands of at most 1,000 entries;
# SWAP=1 puts the second line first (ZADD wants the score before the member)
resp_pairs() { # COMMAND KEY SWAP
	awk -v cmd="$1" -v key="$2" -v swap="$3" '
		function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
		function flush() {
			if (n == 0) return
			printf "*%d\r\n%s%s%s", 2 + 2 * n, bulk(cmd), bulk(key), body
			n = 0; body = ""
		}
		NR % 2 == 1 { first = $0; next }
		{
			body = body (swap ? bulk($0) bulk(first) : bulk(first) bulk($0))
			if (++n == 1000) flush()
		}
		END { flush() }'
}
resp_items() { # COMMAND KEY
	awk -v cmd="$1" -v key="$2" '
		function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
		function flush() {
			if (n == 0) return
			printf "*%d\r\n%s%s%s", 2 + n, bulk(cmd), bulk(key), body
			n = 0; body = ""
		}
		{ body = body bulk($0); if (++n == 1000) flush() }
		END { flush() }'
}

redis-cli -p "$PORT" --scan --pattern "$PATTERN" | while IFS= read -r key; do
	case "$(redis-cli -p "$PORT" type "$key")" in
		zset) redis-cli -p "$PORT" zrange "$key" 0 -1 withscores | resp_pairs ZADD "$key" 1 ;;
		hash) redis-cli -p "$PORT" hgetall "$key" | resp_pairs HSET "$key" 0 ;;
		set) redis-cli -p "$PORT" smembers "$key" | resp_items SADD "$key" ;;
		list) redis-cli -p "$PORT" lrange "$key" 0 -1 | resp_items RPUSH "$key" ;;
		string) redis-cli -p "$PORT" get "$key" | awk -v key="$key" '
			function bulk(s) { return "$" length(s) "\r\n" s "\r\n" }
			{ printf "*3\r\n%s%s%s", bulk("SET"), bulk(key), bulk($0) }' ;;
	esac
done
