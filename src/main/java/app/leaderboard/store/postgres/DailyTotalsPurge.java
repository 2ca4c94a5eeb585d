package app.leaderboard.store.postgres;

import java.time.LocalDate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.config.LeagueProperties;

/**
 * Deletes daily totals past retention, one small batch per transaction. Each batch takes
 * a transaction-scoped advisory lock first and gives up when another instance holds it,
 * so several instances never delete at once and nothing is locked for long: a batch locks
 * only its own rows (and skips rows someone else has locked).
 */
@Repository
public class DailyTotalsPurge {

	/** The advisory lock of the retention job: an arbitrary constant of this service. */
	public static final long LOCK = 0x1eade7b0a7d0001L;

	static final String TRY_LOCK = "select pg_try_advisory_xact_lock(?)";

	/**
	 * A batch of expired daily rows, oldest days first: a range of the primary key. Rows
	 * another transaction holds are skipped, never waited for.
	 */
	static final String SELECT_BATCH = "select ctid from period_totals where period = 'daily' and period_start < ? "
			+ "order by period_start limit ? for update skip locked";

	/** Deletes the batch by its row addresses. */
	static final String DELETE_BATCH = "delete from period_totals where ctid = any(array(" + SELECT_BATCH + "))";

	/** The expired days' board size rows (16 per day). */
	static final String DELETE_SIZES = "delete from board_sizes where period = 'daily' and period_start < ?";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final LeagueResults leagues;

	public DailyTotalsPurge(JdbcTemplate jdbc, TransactionTemplate transactions, LeagueProperties league) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.leagues = new LeagueResults(jdbc, league);
	}

	/**
	 * Deletes up to {@code limit} daily rows of days before {@code firstKept}, and those
	 * days' size rows once their totals are gone.
	 * @return rows deleted, or -1 when another instance holds the lock
	 */
	public int deleteBatch(LocalDate firstKept, int limit) {
		Integer deleted = this.transactions.execute((status) -> {
			this.jdbc.execute("set local lock_timeout = '1s'");
			this.jdbc.execute("set local statement_timeout = '30s'");
			if (!Boolean.TRUE.equals(this.jdbc.queryForObject(TRY_LOCK, Boolean.class, LOCK))) {
				return -1;
			}
			// daily league seasons about to lose their totals: their results first
			this.leagues.closeSeasonsBefore("daily", firstKept);
			int rows = this.jdbc.update(DELETE_BATCH, firstKept, limit);
			if (rows < limit) {
				this.jdbc.update(DELETE_SIZES, firstKept);
			}
			return rows;
		});
		return (deleted != null) ? deleted : 0;
	}

}
