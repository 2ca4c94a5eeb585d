package app.leaderboard.store.postgres;

import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the histogram rows that each connection's writes add to (V1_11) into slot 0, so
 * that a rank without Redis sums about one row per distinct total instead of one per
 * writer. Ranks are exact before and after: the move is one statement, and a rank sums
 * every slot. Rows a transaction still holds are skipped, so the fold never waits on an
 * update and an update waits on the fold only for its commit. One instance folds at a
 * time (an advisory lock); the others skip their turn.
 * <p>
 * Each fold leaves a dead row for every row it moved, and the updates leave more. The
 * fold vacuums the histogram itself once enough have piled up
 * ({@link #VACUUM_AFTER_ROWS}): a rank reads every page of the totals above, dead rows
 * included, and a PostgreSQL that runs without autovacuum (or whose autovacuum is busy
 * with the big tables) would otherwise let a fallback rank slow down twentyfold in an
 * hour of updates (BENCHMARKS.md, row 'Redis-dead updates at 1M').
 */
@Component
public class HistogramFold {

	private static final Logger log = LoggerFactory.getLogger(HistogramFold.class);

	/** The advisory lock key of the fold ("lb-hist" in ASCII). */
	private static final long LOCK = 0x6c622d68697374L;

	static final String TRY_LOCK = "select pg_try_advisory_xact_lock(?)";

	/** Takes every writer's row that no transaction holds, adds them up in slot 0. */
	static final String FOLD = """
			with moved as (
			    delete from board_histogram where ctid = any(array(
			        select ctid from board_histogram where slot <> 0 for update skip locked))
			    returning period, period_start, scope, total, members
			)
			insert into board_histogram (period, period_start, scope, total, slot, members)
			select period, period_start, scope, total, 0, sum(members) from moved
			group by period, period_start, scope, total
			order by period, period_start, scope, total
			on conflict (period, period_start, scope, total, slot) do update
			    set members = board_histogram.members + excluded.members
			returning period, period_start, members
			""";

	/**
	 * Totals nobody on the board holds any more (users moved up, a reset, retention): a
	 * range of one board's rows.
	 */
	static final String FORGET_EMPTY = "delete from board_histogram where period = ? and period_start = ? and slot = 0 and members = 0";

	/**
	 * Slot-0 rows the folds wrote since the last vacuum ({@link #fold}'s count). Each
	 * write left a dead row and deleted at least one writer's row, so about twice as many
	 * dead rows: a few hundred pages at most, which a vacuum clears in milliseconds.
	 */
	static final int VACUUM_AFTER_ROWS = 20_000;

	/** SKIP_LOCKED: another instance's vacuum, or autovacuum's, is as good. */
	static final String VACUUM = "vacuum (skip_locked) board_histogram";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AtomicLong foldedSinceVacuum = new AtomicLong();

	HistogramFold(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Scheduled(fixedDelay = 500, initialDelay = 500)
	void scheduled() {
		try {
			if (this.foldedSinceVacuum.addAndGet(fold()) >= VACUUM_AFTER_ROWS) {
				vacuum();
			}
		}
		catch (DataAccessException | TransactionException ex) {
			// PostgreSQL is away: ranks stay exact, they sum more changes until it is
			// back
			log.debug("Histogram fold skipped: {}", ex.getMessage());
		}
	}

	/**
	 * Clears the histogram's dead rows (outside any transaction, as VACUUM must run).
	 */
	public void vacuum() {
		this.foldedSinceVacuum.set(0);
		this.jdbc.execute(VACUUM);
	}

	/** Folds the committed changes; returns how many histogram rows it touched. */
	public int fold() {
		Integer folded = this.transactions.execute((status) -> {
			if (!Boolean.TRUE.equals(this.jdbc.queryForObject(TRY_LOCK, Boolean.class, LOCK))) {
				return 0;
			}
			int[] rows = new int[1];
			Set<List<Object>> emptied = new HashSet<>();
			this.jdbc.query(FOLD, (ResultSet rs) -> {
				rows[0]++;
				if (rs.getLong(3) == 0) {
					emptied.add(List.of(rs.getString(1), rs.getObject(2, LocalDate.class)));
				}
			});
			emptied.forEach((board) -> this.jdbc.update(FORGET_EMPTY, board.get(0), board.get(1)));
			return rows[0];
		});
		return (folded != null) ? folded : 0;
	}

}
