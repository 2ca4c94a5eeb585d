package app.leaderboard.core;

import java.time.Instant;

/**
 * A user as the Redis user cache keeps it: the version that guards writes, when, the
 * user's scopes and visibility, and their name and streak.
 */
public record UserRow(String userId, long version, Instant updatedAt, Membership membership, Profile profile) {

	public UserRow(String userId, long version, Instant updatedAt, Membership membership) {
		this(userId, version, updatedAt, membership, Profile.NONE);
	}

}
