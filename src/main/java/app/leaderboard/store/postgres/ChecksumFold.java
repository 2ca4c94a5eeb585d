package app.leaderboard.store.postgres;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
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
 * Moves the checksum rows that each connection's writes add to (V1_71) into slot 0, as
 * {@link HistogramFold} does for the histogram, so that a check sums about one row per
 * board and bucket instead of one per writer. A sum is the same before and after (one
 * statement; a check sums every slot). Rows a transaction holds are skipped; one instance
 * folds at a time (an advisory lock). A bucket or board whose sum comes to 0 has no
 * members left (every member adds at least 1) and its row goes.
 */
@Component
public class ChecksumFold {

	private static final Logger log = LoggerFactory.getLogger(ChecksumFold.class);

	/** The advisory lock key of the fold ("lb-check" in ASCII). */
	private static final long LOCK = 0x6c622d636865636bL;

	static final String FOLD = """
			with moved as (
			    delete from board_checksums where ctid = any(array(
			        select ctid from board_checksums where slot <> 0 for update skip locked))
			    returning period, period_start, scope, bucket, checksum, checksum_b
			)
			insert into board_checksums (period, period_start, scope, bucket, slot, checksum, checksum_b)
			select period, period_start, scope, bucket, 0, sum(checksum), sum(checksum_b) from moved
			group by period, period_start, scope, bucket
			order by period, period_start, scope, bucket
			on conflict (period, period_start, scope, bucket, slot) do update
			    set checksum = board_checksums.checksum + excluded.checksum,
			        checksum_b = board_checksums.checksum_b + excluded.checksum_b
			returning period, period_start, scope, bucket, checksum, checksum_b
			""";

	/** The folded rows that came to 0: empty buckets and boards. */
	static final String FORGET_EMPTY = """
			delete from board_checksums b
			using unnest(?::text[], ?::text[], ?::text[], ?::text[]) e(period, period_start, scope, bucket)
			where b.period = e.period and b.period_start = e.period_start::date and b.scope = e.scope
			  and b.bucket = e.bucket::integer and b.slot = 0 and b.checksum = 0 and b.checksum_b = 0
			""";

	/** As {@link HistogramFold#VACUUM_AFTER_ROWS}. */
	static final int VACUUM_AFTER_ROWS = 20_000;

	static final String VACUUM = "vacuum (skip_locked) board_checksums";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final AtomicLong foldedSinceVacuum = new AtomicLong();

	ChecksumFold(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	@Scheduled(fixedDelay = 500, initialDelay = 750)
	void scheduled() {
		try {
			if (this.foldedSinceVacuum.addAndGet(fold()) >= VACUUM_AFTER_ROWS) {
				this.foldedSinceVacuum.set(0);
				this.jdbc.execute(VACUUM);
			}
		}
		catch (DataAccessException | TransactionException ex) {
			log.debug("Checksum fold skipped: {}", ex.getMessage());
		}
	}

	/** Folds the committed changes; returns how many checksum rows it touched. */
	public int fold() {
		Integer folded = this.transactions.execute((status) -> {
			if (!Boolean.TRUE.equals(this.jdbc.queryForObject(HistogramFold.TRY_LOCK, Boolean.class, LOCK))) {
				return 0;
			}
			int[] rows = new int[1];
			List<String[]> empty = new ArrayList<>();
			this.jdbc.query(FOLD, (ResultSet rs) -> {
				rows[0]++;
				if (rs.getLong(5) == 0 && rs.getLong(6) == 0) {
					empty.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4) });
				}
			});
			if (!empty.isEmpty()) {
				this.jdbc.update((con) -> {
					var ps = con.prepareStatement(FORGET_EMPTY);
					for (int column = 0; column < 4; column++) {
						String[] values = new String[empty.size()];
						for (int i = 0; i < values.length; i++) {
							values[i] = empty.get(i)[column];
						}
						ps.setArray(column + 1, con.createArrayOf("text", values));
					}
					return ps;
				});
			}
			return rows[0];
		});
		return (folded != null) ? folded : 0;
	}

}
