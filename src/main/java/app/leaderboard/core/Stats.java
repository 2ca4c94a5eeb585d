package app.leaderboard.core;

import java.time.Instant;

/**
 * A user's pomodoros in the current periods and their scopes: the body of update and user
 * reads. {@code region} and {@code org} are null when never set.
 */
public record Stats(String userId, long dailyPomo, long weeklyPomo, long monthlyPomo, long yearlyPomo,
		Instant updatedAt, String region, String org) {
}
