package app.leaderboard.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * When a failed event is tried again: 30 s after the first failure, then twice as long
 * after each further one, up to an hour, each delay 10 % shorter or longer at random (so
 * receivers that come back are not hit by every sender at once), and never after the
 * event's deadline, 24 hours after it was made; the last attempt is at the deadline.
 */
final class RetrySchedule {

	/** Events are delivered, or given up, within this time of being made. */
	static final Duration DELIVER_FOR = Duration.ofHours(24);

	static final Duration FIRST = Duration.ofSeconds(30);

	static final Duration LONGEST = Duration.ofHours(1);

	private RetrySchedule() {
	}

	/**
	 * The delay after {@code failures} failed attempts (1 for the first), before jitter.
	 */
	static Duration delay(int failures) {
		int doublings = Math.min(Math.max(failures - 1, 0), 20);
		Duration delay = FIRST.multipliedBy(1L << doublings);
		return (delay.compareTo(LONGEST) > 0) ? LONGEST : delay;
	}

	/**
	 * The next attempt after {@code failures} failures at {@code now}, or {@code null}
	 * when the deadline has passed.
	 */
	static @Nullable Instant next(int failures, Instant now, Instant giveUpAt) {
		if (!now.isBefore(giveUpAt)) {
			return null;
		}
		Duration delay = delay(failures);
		long jitter = (long) (delay.toMillis() * 0.2 * ThreadLocalRandom.current().nextDouble());
		Instant next = now.plus(delay).plusMillis(jitter - delay.toMillis() / 10);
		return next.isAfter(giveUpAt) ? giveUpAt : next;
	}

}
