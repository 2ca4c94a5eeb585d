package app.leaderboard.support;

import java.util.HashMap;
import java.util.Map;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.sync.RedisCommands;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.board.BoardScore;

/**
 * A board's checksum counted afresh from its members in Redis, in the shape of the hash
 * the scripts keep beside it (lib/checksum.lua): what that hash must equal.
 */
public final class ChecksumRecount {

	private ChecksumRecount() {
	}

	public static Map<String, Long> of(RedisCommands<String, String> redis, String board, PeriodInstance instance) {
		Map<String, Long> sums = new HashMap<>();
		sums.put("n", 0L);
		sums.put("all", 0L);
		sums.put("allb", 0L);
		for (ScoredValue<String> member : redis.zrangeWithScores(board, 0, -1)) {
			if (BoardScore.LOADED.equals(member.getValue())) {
				continue;
			}
			long key = BoardChecksum.key(member.getValue());
			add(sums, Integer.toString(BoardChecksum.bucket(key, instance.scope())), key,
					BoardScore.total(member.getScore()));
			sums.merge("n", 1L, Long::sum);
		}
		return sums;
	}

	/** A member's two terms, to its bucket's fields and the board's (checksum.lua). */
	public static void add(Map<String, Long> sums, String bucket, long key, long total) {
		long a = BoardChecksum.termA(key, total);
		long b = BoardChecksum.termB(key, total);
		sums.merge(bucket, a, Long::sum);
		sums.merge(bucket + "b", b, Long::sum);
		sums.merge("all", a, Long::sum);
		sums.merge("allb", b, Long::sum);
	}

}
