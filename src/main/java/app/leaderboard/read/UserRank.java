package app.leaderboard.read;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user's standing on one board; {@code rank} and {@code topPercent} are null while the
 * score is 0, and while the user is hidden ({@code hidden} true, and only then present:
 * on no board, counted in no total).
 */
public record UserRank(String userId, String period, @Nullable Long rank, long score, long total,
		@Nullable Double topPercent, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean hidden) {

	UserRank(String userId, String period, @Nullable Long rank, long score, long total) {
		this(userId, period, rank, score, total, Ranks.topPercent(rank, total), null);
	}

}
