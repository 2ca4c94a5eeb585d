package app.leaderboard.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A user's pomodoros in the current periods, their scopes, name and streak: the body of
 * update and user reads. {@code region}, {@code org} and {@code displayName} are null
 * when never set.
 */
public record Stats(String userId, long dailyPomo, long weeklyPomo, long monthlyPomo, long yearlyPomo,
		Instant updatedAt, @Nullable String region, @Nullable String org, @Nullable String displayName,
		Streak.View streak) {
}
