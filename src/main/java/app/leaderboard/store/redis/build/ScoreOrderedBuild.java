package app.leaderboard.store.redis.build;

import java.util.Arrays;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.board.BoardScore;

/**
 * Hands a board's rows to its build in runs sorted by score, best first. PostgreSQL reads
 * a board fastest in heap order, which is random in score; Redis inserts a member into a
 * large sorted set several times faster next to the member it inserted last (the skiplist
 * path is still in the CPU cache): 900,000 members in random order cost its main thread
 * 2.8 to 3.6 s of CPU, in runs of {@value #RUN} sorted 1.2 to 1.3 s, fully sorted 1.1 to
 * 1.3 s (BENCHMARKS.md, row 'full sync at 1M'; {@code bench/zadd_order.py}). Sorted runs
 * get that with bounded memory. Reading the board in index order instead costs PostgreSQL
 * a heap fetch per row while the visibility map is not set, as after a bulk load: 3 s
 * instead of 0.65 s for 900,000 rows.
 */
public final class ScoreOrderedBuild implements RowBuild<BoardRow> {

	/** Rows per sorted run; a run's index fits in {@link #INDEX_BITS}. */
	public static final int RUN = 100_000;

	private static final int INDEX_BITS = 17;

	/**
	 * Low bits of the score left out of the sort key, so that score and index fit in one
	 * long: members within 128 s of each other at the same total may go out of order,
	 * which costs Redis nothing measurable and changes nothing in the result.
	 */
	private static final int COARSE_BITS = 7;

	private final RowBuild<BoardRow> build;

	private final PeriodInstance instance;

	private final BoardRow[] rows;

	private int size;

	public ScoreOrderedBuild(RowBuild<BoardRow> build, PeriodInstance instance) {
		this(build, instance, RUN);
	}

	ScoreOrderedBuild(RowBuild<BoardRow> build, PeriodInstance instance, int run) {
		if (run > (1 << INDEX_BITS)) {
			throw new IllegalArgumentException("A run of " + run + " rows does not fit the sort key");
		}
		this.build = build;
		this.instance = instance;
		this.rows = new BoardRow[run];
	}

	@Override
	public void add(BoardRow row) {
		this.rows[this.size++] = row;
		if (this.size == this.rows.length) {
			flush();
		}
	}

	/** Sorts the run by a primitive key (score, then index) and passes it on. */
	private void flush() {
		long[] keys = new long[this.size];
		for (int i = 0; i < this.size; i++) {
			// -score is below 2^53: the best score is the largest
			long magnitude = (long) -BoardScore.encode(this.rows[i].total(), this.rows[i].reachedAt(), this.instance);
			keys[i] = ((((1L << 53) - 1 - magnitude) >>> COARSE_BITS) << INDEX_BITS) | i;
		}
		Arrays.sort(keys);
		for (long key : keys) {
			this.build.add(this.rows[(int) (key & ((1 << INDEX_BITS) - 1))]);
		}
		Arrays.fill(this.rows, 0, this.size, null);
		this.size = 0;
	}

	@Override
	public long complete() {
		flush();
		return this.build.complete();
	}

	@Override
	public boolean keepAlive() {
		return this.build.keepAlive();
	}

}
