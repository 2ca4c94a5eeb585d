package app.leaderboard.board;

/**
 * A user's standing on one board; {@code rank} and {@code topPercent} are null while the
 * score is 0.
 */
public record UserRank(String userId, String period, Long rank, long score, long total, Double topPercent) {

	UserRank(String userId, String period, Long rank, long score, long total) {
		this(userId, period, rank, score, total, Ranks.topPercent(rank, total));
	}

}
