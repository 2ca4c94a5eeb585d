package app.leaderboard.read;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A user's window on a board (docs/api.md): the user's standing and the board positions
 * around it. {@code rank} and {@code topPercent} are null, and {@code entries} empty,
 * while the user has no score on the board (none in the period, or in another scope), and
 * while the user is hidden: then {@code hidden} is true (and only then present), and
 * {@code score} is their own.
 */
public record AroundView(String userId, String period, LocalDate periodStart, @Nullable Long rank, long score,
		long total, @Nullable Double topPercent, List<BoardPage.Entry> entries,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Boolean hidden) {

	AroundView named(Map<String, String> names) {
		return new AroundView(this.userId, this.period, this.periodStart, this.rank, this.score, this.total,
				this.topPercent, BoardPage.Entry.named(this.entries, names), this.hidden);
	}

}
