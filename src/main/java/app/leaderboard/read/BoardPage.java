package app.leaderboard.read;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.media.Schema;

/** A page of a board: the body of {@code GET /api/redis-leaderboard/{period}}. */
public record BoardPage(String period, LocalDate periodStart, Instant resetsAt, long total, List<Entry> entries) {

	/** A user on a board, with the name people see (null: none). */
	@Schema(name = "BoardEntry")
	public record Entry(long rank, String userId, @Nullable String displayName, long score) {

		public Entry(long rank, String userId, long score) {
			this(rank, userId, null, score);
		}

		Entry named(Map<String, String> names) {
			return new Entry(this.rank, this.userId, names.get(this.userId), this.score);
		}

		static List<Entry> named(List<Entry> entries, Map<String, String> names) {
			return entries.stream().map((entry) -> entry.named(names)).toList();
		}

	}

	BoardPage named(Map<String, String> names) {
		return new BoardPage(this.period, this.periodStart, this.resetsAt, this.total,
				Entry.named(this.entries, names));
	}

}
