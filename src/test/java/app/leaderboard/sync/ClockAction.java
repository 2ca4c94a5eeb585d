package app.leaderboard.sync;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The service's clock moved forward ({@link BoardAction#tick},
 * {@link BoardAction#crossMidnight} and the others): by some seconds, or to some seconds
 * after the next midnight, Monday or first of the month (UTC, the tests'
 * {@code LEADERBOARD_TIME_ZONE}).
 */
record ClockAction(Boundary boundary, int seconds) implements BoardAction {

	enum Boundary {

		NONE, DAY, WEEK, MONTH

	}

	@Override
	public void run(BoardWorld world) {
		Instant now = world.clock.instant();
		LocalDate today = BoardModel.today(now);
		LocalDate next = switch (this.boundary) {
			case NONE -> null;
			case DAY -> today.plusDays(1);
			case WEEK -> today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
			case MONTH -> today.withDayOfMonth(1).plusMonths(1);
		};
		world.clock.set((next != null) ? next.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(this.seconds)
				: now.plusSeconds(this.seconds));
	}

	@Override
	public String toString() {
		String call = switch (this.boundary) {
			case NONE -> "tick";
			case DAY -> "crossMidnight";
			case WEEK -> "crossWeek";
			case MONTH -> "crossMonth";
		};
		return call + "(" + this.seconds + ")";
	}

}
