package app.leaderboard.store.redis.board;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import app.leaderboard.core.PeriodInstance;

/**
 * How long a board key lives: through its period and the whole next one, when it is the
 * board that just ended ("yesterday's winners" stay a Redis read), plus a day. The next
 * period's end is taken at midnight UTC: a zone is at most 14 hours off, which the extra
 * day covers.
 */
public final class BoardTtl {

	private BoardTtl() {
	}

	public static Duration of(Clock clock, PeriodInstance instance) {
		Instant keep = instance.period().endOfFollowing(instance.startDate()).atStartOfDay(ZoneOffset.UTC).toInstant();
		Duration left = Duration.between(clock.instant(), keep);
		return (left.isNegative() ? Duration.ZERO : left).plusDays(1);
	}

}
