package app.leaderboard.totals;

import java.time.Instant;

/** A user as the Redis user cache keeps it: the version that guards writes, and when. */
public record UserRow(String userId, long version, Instant updatedAt) {
}
