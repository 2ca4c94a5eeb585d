package app.leaderboard.read;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.ReadDatabase;

/**
 * A page of a current board read from PostgreSQL only, never Redis: the legacy API's read
 * (docs/migration.md), the way the old direct-PostgreSQL app answered. The same index
 * scans and the same competition ranks as {@link BoardReader}'s fallback, and like it on
 * a replica that is in step ({@link ReadDatabase}).
 */
@Service
public class PostgresBoardReader {

	private final BoardQueries store;

	private final Periods periods;

	private final ReadDatabase database;

	public PostgresBoardReader(BoardQueries store, Periods periods, ReadDatabase database) {
		this.store = store;
		this.periods = periods;
		this.database = database;
	}

	public BoardPage board(Period period, int limit, long offset) {
		PeriodInstance instance = this.periods.current(period);
		return this.database.read(() -> {
			List<BoardRow> rows = this.store.page(instance, limit, offset);
			long above = rows.isEmpty() ? 0 : this.store.countAbove(instance, rows.get(0).total());
			return page(instance, this.store.members(instance), above, offset, rows);
		});
	}

	/**
	 * Competition ranks (1, 2, 2, 4) that stay right across pages: the first entry's rank
	 * is one more than the users above its total; each later entry either ties the one
	 * before it or stands at its own position.
	 */
	private static BoardPage page(PeriodInstance instance, long members, long above, long offset, List<BoardRow> rows) {
		List<BoardPage.Entry> entries = new ArrayList<>(rows.size());
		long rank = above + 1;
		for (int i = 0; i < rows.size(); i++) {
			BoardRow row = rows.get(i);
			if (i > 0 && row.total() != rows.get(i - 1).total()) {
				rank = offset + i + 1;
			}
			entries.add(new BoardPage.Entry(rank, row.userId(), row.total()));
		}
		return new BoardPage(instance.period().id(), instance.startDate(), instance.end(), members, entries);
	}

}
