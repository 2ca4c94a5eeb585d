package app.leaderboard.period;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One board's period: for example the daily board of 2026-11-25. It begins at
 * {@code start} and ends at {@code end} (exclusive), both at midnight in the configured
 * zone, so a day across a daylight-saving change lasts 23 or 25 hours.
 */
public record PeriodInstance(Period period, LocalDate startDate, Instant start, Instant end) {

	/** A stable name, used in Redis keys: {@code daily:2026-11-25}. */
	public String id() {
		return this.period.id() + ":" + this.startDate;
	}

}
