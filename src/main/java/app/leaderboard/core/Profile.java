package app.leaderboard.core;

import org.jspecify.annotations.Nullable;

/** What people see of a user besides the totals: their name (null: none) and streak. */
public record Profile(@Nullable String displayName, Streak streak) {

	public static final Profile NONE = new Profile(null, Streak.NONE);

}
