package app.leaderboard.read;

import java.time.LocalDate;
import java.util.List;

/** One user's past totals, oldest first, 0 for a period without pomodoros. */
public record HistoryView(String userId, String period, List<Entry> entries) {

	public record Entry(LocalDate periodStart, long score) {
	}

}
