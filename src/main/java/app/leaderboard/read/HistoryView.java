package app.leaderboard.read;

import java.time.LocalDate;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** One user's past totals, oldest first, 0 for a period without pomodoros. */
public record HistoryView(String userId, String period, List<Entry> entries) {

	@Schema(name = "HistoryEntry")
	public record Entry(LocalDate periodStart, long score) {
	}

}
