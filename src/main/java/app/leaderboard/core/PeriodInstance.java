package app.leaderboard.core;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One board: for example the daily board of 2026-11-25, everyone's or one region's or
 * organisation's ({@link Scope}). It begins at {@code start} and ends at {@code end}
 * (exclusive), both at midnight in the configured zone, so a day across a daylight-saving
 * change lasts 23 or 25 hours.
 */
public record PeriodInstance(Period period, LocalDate startDate, Instant start, Instant end, Scope scope) {

	public PeriodInstance(Period period, LocalDate startDate, Instant start, Instant end) {
		this(period, startDate, start, end, Scope.GLOBAL);
	}

	/**
	 * A stable name, used in Redis keys: {@code daily:2026-11-25} for the global board,
	 * {@code daily:2026-11-25:region:eu} for a scoped one.
	 */
	public String id() {
		return this.period.id() + ":" + this.startDate + this.scope.suffix();
	}

	/** The same period instance's board in another scope. */
	public PeriodInstance in(Scope other) {
		return new PeriodInstance(this.period, this.startDate, this.start, this.end, other);
	}

	/** The same period instance's global board. */
	public PeriodInstance global() {
		return in(Scope.GLOBAL);
	}

}
