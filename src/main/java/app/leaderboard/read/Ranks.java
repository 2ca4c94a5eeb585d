package app.leaderboard.read;

import java.util.ArrayList;
import java.util.List;

/** Competition ranks (1, 2, 2, 4) and top percent, the same for every read and source. */
final class Ranks {

	private Ranks() {
	}

	/** A member in board order. */
	record Row(String userId, long total) {
	}

	/**
	 * Ranks of consecutive board members, right across pages and windows: the first
	 * entry's rank is one more than the users above its total; each later entry either
	 * ties the one before it or stands at its own position.
	 * @param above users above the first row's total
	 * @param first the first row's position on the board (0-based)
	 */
	static List<BoardPage.Entry> entries(long above, long first, List<Row> rows) {
		List<BoardPage.Entry> entries = new ArrayList<>(rows.size());
		long rank = above + 1;
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			if (i > 0 && row.total() != rows.get(i - 1).total()) {
				rank = first + i + 1;
			}
			entries.add(new BoardPage.Entry(rank, row.userId(), row.total()));
		}
		return entries;
	}

	/**
	 * {@code ceil(10000 * rank / total) / 100}: rank 1 of 1234 is 0.09, rank 617 of 1234
	 * is 50.0; null without a rank. Integer arithmetic, so no rounding error creeps in.
	 */
	static Double topPercent(Long rank, long total) {
		if (rank == null) {
			return null;
		}
		// a board read while it changes may count fewer members than the rank implies
		long of = Math.max(total, rank);
		long hundredths = (10_000 * rank + of - 1) / of;
		return hundredths / 100.0;
	}

}
