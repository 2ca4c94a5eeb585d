package app.leaderboard.store.redis.build;

import java.util.ArrayList;
import java.util.List;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.BoardRow;
import app.leaderboard.core.Scope;
import app.leaderboard.store.redis.board.BoardScore;

/**
 * The terms of the rows that a board's build batches added to its build key, added up by
 * the builder rather than by Redis: the swap adds them to the build key's checksum in one
 * step (swap.lua). Adding them inside each batch's script cost Redis a HINCRBY per bucket
 * and batch and every row's terms copied into Lua, which made a full sync twice as slow
 * (BENCHMARKS.md, note 12). The updates that run during the build keep their share of the
 * build key's checksum themselves (board_touch.lua), so both parts add up to the sum over
 * the build key's members whatever order they came in.
 * <p>
 * A batch's reply says which of its rows were not simply added (board_build_add.lua):
 * those left out add nothing, and those that met a total an update wrote first change
 * that member's term only when the snapshot's total is the higher one (ZADD LT kept it).
 * Replies arrive on Redis's I/O thread while the builder sends more batches: the sums are
 * guarded by this object's lock.
 */
final class BuildChecksum {

	private final Scope scope;

	private final long[] bucketsA;

	private final long[] bucketsB;

	private long members;

	private long sumA;

	private long sumB;

	BuildChecksum(Scope scope) {
		this.scope = scope;
		this.bucketsA = new long[BoardChecksum.buckets(scope)];
		this.bucketsB = new long[BoardChecksum.buckets(scope)];
	}

	/**
	 * Counts one batch by its reply: the rows written, then pairs of a row's place (from
	 * 1) and 'out' or the score an update had written for it. A reply of a batch that was
	 * refused ({-1}: the build key is another build's) counts nothing; that build never
	 * swaps. The rows' scores and checksum keys come worked out by the builder's thread:
	 * this runs on Redis's I/O thread, which a SHA-256 per row would hold up for every
	 * other reply on the connection.
	 */
	synchronized void count(List<BoardRow> rows, double[] scores, long[] keys, List<Object> reply) {
		if (reply == null || reply.isEmpty() || ((Long) reply.get(0)) < 0) {
			return;
		}
		boolean[] notAdded = new boolean[rows.size()];
		for (int i = 1; i + 1 < reply.size(); i += 2) {
			int row = ((Long) reply.get(i)).intValue() - 1;
			notAdded[row] = true;
			Object found = reply.get(i + 1);
			if (!"out".equals(found)) {
				double before = Double.parseDouble((String) found);
				if (scores[row] < before) {
					add(keys[row], BoardScore.total(before), -1, 0);
					add(keys[row], rows.get(row).total(), 1, 0);
				}
			}
		}
		for (int row = 0; row < rows.size(); row++) {
			if (!notAdded[row]) {
				add(keys[row], rows.get(row).total(), 1, 1);
			}
		}
	}

	private void add(long key, long total, int sign, int member) {
		int bucket = BoardChecksum.bucket(key, this.scope);
		long a = sign * BoardChecksum.termA(key, total);
		long b = sign * BoardChecksum.termB(key, total);
		this.bucketsA[bucket] += a;
		this.bucketsB[bucket] += b;
		this.sumA += a;
		this.sumB += b;
		this.members += member;
	}

	/**
	 * What swap.lua adds to the build key's checksum: members, the two sums, then each
	 * bucket's number and two sums, for the buckets this build added to.
	 */
	synchronized List<String> swapArguments() {
		List<String> args = new ArrayList<>();
		args.add(Long.toString(this.members));
		args.add(Long.toString(this.sumA));
		args.add(Long.toString(this.sumB));
		for (int bucket = 0; bucket < this.bucketsA.length; bucket++) {
			if (this.bucketsA[bucket] != 0 || this.bucketsB[bucket] != 0) {
				args.add(Integer.toString(bucket));
				args.add(Long.toString(this.bucketsA[bucket]));
				args.add(Long.toString(this.bucketsB[bucket]));
			}
		}
		return args;
	}

}
