package app.leaderboard.read.live;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The data of one {@code rank} event of the personal feed (docs/api.md): the user's
 * standing on the board the feed follows, and who passed them since the previous event.
 * {@code rank} and {@code topPercent} are null while the user has no score there and
 * while they are hidden.
 */
record RankEvent(String userId, String period, LocalDate periodStart, @Nullable Long rank, long score, long total,
		@Nullable Double topPercent, boolean hidden, List<Passer> overtakenBy) {

	/** A user who passed; {@code displayName} null when they have none. */
	record Passer(String userId, @Nullable String displayName) {
	}

}
