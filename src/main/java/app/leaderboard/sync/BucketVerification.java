package app.leaderboard.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.BoardChecksums;
import app.leaderboard.store.redis.board.RedisChecksums;

/**
 * Reads one bucket of a board member by member, in both stores, once the checksums said
 * it differs and nothing in flight explains it (docs/consistency.md, "Checksums"): the
 * only place a check reads members. PostgreSQL's members of the bucket with its sum (one
 * snapshot), then Redis's sum of the bucket with the scores of those members and of the
 * users in flight there (one script), then what was in flight once more. It tells a
 * member whose total differs or who is missing in Redis, members Redis holds that
 * PostgreSQL does not (the bucket's sum holds more than its known members add), and a
 * PostgreSQL checksum that disagrees with its own rows (then Redis is not to blame, and a
 * rebuild would not help).
 */
@Component
class BucketVerification {

	private final BoardChecksums postgres;

	private final RedisChecksums redis;

	BucketVerification(BoardChecksums postgres, RedisChecksums redis) {
		this.postgres = postgres;
		this.redis = redis;
	}

	/**
	 * What one bucket holds. {@code settled} false: a write in flight there was not known
	 * when Redis was read, so nothing can be said this time.
	 */
	record Result(boolean settled, long read, long differing, boolean extra, boolean postgresConsistent) {

		boolean differs() {
			return this.settled && (this.differing > 0 || this.extra);
		}

	}

	/**
	 * @param before what was in flight when the bucket was found differing
	 * @param after what is in flight now (asked for after the reads)
	 */
	Result verify(PeriodInstance board, int bucket, InFlight before, Supplier<InFlight> after) {
		byte[][] prefixes = BoardChecksum.digestPrefixes(bucket, board.scope());
		BoardChecksums.Bucket truth = this.postgres.members(board, bucket, prefixes[0], prefixes[1]);
		List<String> asked = new ArrayList<>(truth.totals().keySet());
		before.users(board, bucket).stream().filter((user) -> !truth.totals().containsKey(user)).forEach(asked::add);
		RedisChecksums.Bucket cached = this.redis.bucket(board, bucket, asked);
		InFlight now = after.get();
		long read = truth.totals().size();
		if (!now.complete() || now.erasedIn(board, bucket) || !asked.containsAll(now.users(board, bucket))) {
			return new Result(false, read, 0, false, true);
		}
		List<String> moving = now.users(board, bucket);
		long differing = truth.totals()
			.entrySet()
			.stream()
			.filter((member) -> !moving.contains(member.getKey()))
			.filter((member) -> !Objects.equals(member.getValue(), cached.totals().get(member.getKey())))
			.count();
		boolean extra = cached.sum() != sum(cached.totals());
		boolean consistent = truth.sum() == sum(truth.totals());
		return new Result(true, read, differing, extra, consistent);
	}

	/** The sum of these members' terms. */
	static long sum(Map<String, Long> totals) {
		long sum = 0;
		for (Map.Entry<String, Long> member : totals.entrySet()) {
			sum += BoardChecksum.term(BoardChecksum.key(member.getKey()), member.getValue());
		}
		return sum;
	}

}
