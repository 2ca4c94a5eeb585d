package app.leaderboard.core;

import java.time.Instant;

/**
 * A user as the Redis user cache keeps it: the version that guards writes, when, and the
 * user's scopes and visibility.
 */
public record UserRow(String userId, long version, Instant updatedAt, Membership membership) {
}
