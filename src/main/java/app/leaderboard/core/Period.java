package app.leaderboard.core;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/** The four boards: a day, an ISO week (Monday first), a calendar month and year. */
public enum Period {

	DAILY, WEEKLY, MONTHLY, YEARLY;

	/** Made once: every read names its period (in its key, its answer). */
	private final String id = name().toLowerCase(Locale.ROOT);

	/** The name used in URLs, JSON, SQL and Redis keys. */
	public String id() {
		return this.id;
	}

	public static Optional<Period> fromId(String id) {
		for (Period period : values()) {
			if (period.id.equals(id)) {
				return Optional.of(period);
			}
		}
		return Optional.empty();
	}

	/** First day of the period that contains {@code date}. */
	LocalDate startOf(LocalDate date) {
		return switch (this) {
			case DAILY -> date;
			case WEEKLY -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			case MONTHLY -> date.withDayOfMonth(1);
			case YEARLY -> date.withDayOfYear(1);
		};
	}

	/**
	 * First day after the period that follows the one starting at {@code start}: until
	 * then, a board that ended is still "the previous board" and is served from Redis.
	 */
	public LocalDate endOfFollowing(LocalDate start) {
		return nextStart(nextStart(start));
	}

	/** First day of the next period, given this period's first day. */
	LocalDate nextStart(LocalDate start) {
		return switch (this) {
			case DAILY -> start.plusDays(1);
			case WEEKLY -> start.plusWeeks(1);
			case MONTHLY -> start.plusMonths(1);
			case YEARLY -> start.plusYears(1);
		};
	}

}
