package app.leaderboard.read;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code GET /api/redis-leaderboard/streaks} (docs/api.md): the users whose
 * streak is alive on {@code asOf}, by streak descending, then last day, then user id.
 */
public record StreakList(LocalDate asOf, long total, List<Entry> entries) {

	/** A user on the list: {@code streak} is their current streak. */
	@Schema(name = "StreakEntry")
	public record Entry(long rank, String userId, @Nullable String displayName, int streak, LocalDate lastDay) {
	}

}
