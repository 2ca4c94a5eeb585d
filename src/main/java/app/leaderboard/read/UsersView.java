package app.leaderboard.read;

import java.time.LocalDate;
import java.util.List;

/**
 * Several users on one board (docs/api.md): each known user once, in board order, with
 * the rank on the whole board; users without a score in the period last, by id.
 */
public record UsersView(String period, LocalDate periodStart, List<Entry> entries) {

	/** {@code rank} is null and {@code score} 0 for a user with no score. */
	public record Entry(Long rank, String userId, long score) {
	}

}
