package app.leaderboard.totals;

import java.time.Instant;

/** A user's pomodoros in the current periods: the body of update and user reads. */
public record Stats(String userId, long dailyPomo, long weeklyPomo, long monthlyPomo, long yearlyPomo,
		Instant updatedAt) {
}
