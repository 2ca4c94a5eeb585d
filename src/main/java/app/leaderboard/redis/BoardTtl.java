package app.leaderboard.redis;

import java.time.Clock;
import java.time.Duration;

import app.leaderboard.period.PeriodInstance;

/** How long a board key lives: until its period is over, plus a day. */
final class BoardTtl {

	private BoardTtl() {
	}

	static Duration of(Clock clock, PeriodInstance instance) {
		Duration left = Duration.between(clock.instant(), instance.end());
		return (left.isNegative() ? Duration.ZERO : left).plusDays(1);
	}

}
