package app.leaderboard.read;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Several users on one board (docs/api.md): each known user once, in board order, with
 * the rank on the whole board; users without a score in the period last, by id.
 */
public record UsersView(String period, LocalDate periodStart, List<Entry> entries) {

	/**
	 * {@code rank} is null and {@code score} 0 for a user with no score;
	 * {@code displayName} null for a user without a name.
	 */
	@Schema(name = "UsersEntry")
	public record Entry(@Nullable Long rank, String userId, @Nullable String displayName, long score) {

		public Entry(@Nullable Long rank, String userId, long score) {
			this(rank, userId, null, score);
		}

	}

	UsersView named(Map<String, String> names) {
		return new UsersView(this.period, this.periodStart,
				this.entries.stream()
					.map((entry) -> new Entry(entry.rank(), entry.userId(), names.get(entry.userId()), entry.score()))
					.toList());
	}

}
