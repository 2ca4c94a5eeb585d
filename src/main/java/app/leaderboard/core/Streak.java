package app.leaderboard.core;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A user's streak as PostgreSQL keeps it: {@code run} consecutive counting days ending at
 * {@code lastDay} (null before any), and the longest run the user ever had. A day counts
 * when an update recorded at least one pomodoro on it, in the service's time zone.
 */
public record Streak(int run, int longest, @Nullable LocalDate lastDay) {

	public static final Streak NONE = new Streak(0, 0, null);

	/**
	 * The run, while it can still grow: its last day is {@code today} or the day before.
	 */
	public int current(LocalDate today) {
		return (this.lastDay != null && !this.lastDay.isBefore(today.minusDays(1))) ? this.run : 0;
	}

	/** The streak as a stats object shows it on {@code today}. */
	public View view(LocalDate today) {
		return new View(current(today), this.longest, this.lastDay);
	}

	/**
	 * The {@code streak} of the stats object: {@code current} is 0 once a day was missed.
	 */
	@Schema(name = "Streak")
	public record View(int current, int longest, @Nullable LocalDate lastDay) {
	}

}
