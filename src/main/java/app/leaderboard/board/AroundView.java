package app.leaderboard.board;

import java.time.LocalDate;
import java.util.List;

/**
 * A user's window on a board (contract 6.2): the user's standing and the board positions
 * around it. {@code rank} and {@code topPercent} are null, and {@code entries} empty,
 * while the user has no score in the period.
 */
public record AroundView(String userId, String period, LocalDate periodStart, Long rank, long score, long total,
		Double topPercent, List<BoardPage.Entry> entries) {
}
