package app.leaderboard.board;

import java.util.ArrayList;
import java.util.List;

/**
 * Competition ranks (1, 2, 2, 4) that stay right across pages: the first entry's rank is
 * one more than the users above its total; each later entry either ties the one before it
 * or stands at its own position.
 */
final class CompetitionRanks {

	/** A board member in display order, before it is ranked. */
	record Row(String userId, long total) {
	}

	private CompetitionRanks() {
	}

	/**
	 * @param above users with a higher total than the page's first row
	 * @param offset the page's first position (0 for the top)
	 */
	static List<BoardPage.Entry> page(long above, long offset, List<Row> rows) {
		List<BoardPage.Entry> entries = new ArrayList<>(rows.size());
		long rank = above + 1;
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			if (i > 0 && row.total() != rows.get(i - 1).total()) {
				rank = offset + i + 1;
			}
			entries.add(new BoardPage.Entry(rank, row.userId(), row.total()));
		}
		return entries;
	}

}
