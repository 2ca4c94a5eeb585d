package app.leaderboard.read;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A page of a board: the body of {@code GET /api/redis-leaderboard/{period}}. */
public record BoardPage(String period, LocalDate periodStart, Instant resetsAt, long total, List<Entry> entries) {

	public record Entry(long rank, String userId, long score) {
	}

}
