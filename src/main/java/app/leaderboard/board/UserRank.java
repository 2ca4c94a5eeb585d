package app.leaderboard.board;

import org.jspecify.annotations.Nullable;

/**
 * A user's standing on one board; {@code rank} and {@code topPercent} are null while the
 * score is 0.
 */
public record UserRank(String userId, String period, @Nullable Long rank, long score, long total,
		@Nullable Double topPercent) {

	UserRank(String userId, String period, @Nullable Long rank, long score, long total) {
		this(userId, period, rank, score, total, Ranks.topPercent(rank, total));
	}

}
