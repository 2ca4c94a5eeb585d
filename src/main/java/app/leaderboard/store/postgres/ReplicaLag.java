package app.leaderboard.store.postgres;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A replica's lag in time, from the primary's log positions sampled at each check: the
 * replica is at least as far behind as the oldest sample it has not replayed is old.
 * Neither server's clock takes part (they may differ), and an idle primary does not make
 * a replica that has replayed everything look behind, as the age of its last replayed
 * transaction would. Precise to one check interval.
 */
final class ReplicaLag {

	private final Deque<long[]> samples = new ArrayDeque<>();

	private final long keepNanos;

	/**
	 * @param keep how long samples are kept; a replica behind all of them is reported
	 * that far behind, so keep more than the lag that leaves it out
	 */
	ReplicaLag(Duration keep) {
		this.keepNanos = keep.toNanos();
	}

	/** Records the primary's position at {@code nanos} ({@link System#nanoTime()}). */
	synchronized void primaryAt(long nanos, long position) {
		this.samples.addLast(new long[] { nanos, position });
		while (this.samples.size() > 2 && nanos - this.samples.peekFirst()[0] > this.keepNanos) {
			this.samples.removeFirst();
		}
	}

	/**
	 * How far behind a replica that has replayed up to {@code replayed} is at
	 * {@code nanos}: zero when it holds everything of the last sample, else the age of
	 * the oldest sample it does not hold.
	 */
	synchronized Duration behind(long nanos, long replayed) {
		for (long[] sample : this.samples) {
			if (sample[1] > replayed) {
				return Duration.ofNanos(Math.max(0, nanos - sample[0]));
			}
		}
		return Duration.ZERO;
	}

}
