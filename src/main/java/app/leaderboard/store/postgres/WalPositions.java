package app.leaderboard.store.postgres;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the primary's write-ahead log is and how far the replica has replayed it: the
 * statements that decide whether the replica may answer a read. Positions are bytes since
 * the log's start ({@code pg_lsn - '0/0'}).
 */
final class WalPositions {

	/**
	 * Everything the primary shows, committed asynchronously or not, is before its insert
	 * position (the write and flush positions can be behind an asynchronous commit that
	 * readers of the primary already see).
	 */
	static final String PRIMARY = "select (pg_current_wal_insert_lsn() - '0/0')::bigint";

	/** Null on a server that is not replaying a primary's log. */
	static final String REPLAYED = "select (pg_last_wal_replay_lsn() - '0/0')::bigint";

	static final String STANDBY = "select pg_is_in_recovery(), (pg_last_wal_replay_lsn() - '0/0')::bigint, "
			+ "(select system_identifier from pg_control_system())";

	static final String LAYOUT = "select (select system_identifier from pg_control_system()), "
			+ "(select setting::bigint from pg_settings where name = 'wal_segment_size'), "
			+ "(select setting::bigint from pg_settings where name = 'wal_block_size')";

	/** The header of a log page; of the first page of a segment, the long one. */
	static final int PAGE_HEADER = 24;

	static final int SEGMENT_HEADER = 40;

	private static final Executor SAME_THREAD = Runnable::run;

	private final JdbcTemplate primary;

	private final @Nullable JdbcTemplate replica;

	/** The primary's system identifier and log layout, read once. */
	private volatile @Nullable Layout layout;

	WalPositions(JdbcTemplate primary, @Nullable JdbcTemplate replica) {
		this.primary = primary;
		this.replica = replica;
	}

	/** A server's identity and the sizes its log positions are counted in. */
	record Layout(long system, long segmentSize, long pageSize) {
	}

	/** What the replica says of itself. */
	record Standby(boolean inRecovery, @Nullable Long replayed, long system) {
	}

	Layout layout() {
		Layout known = this.layout;
		if (known == null) {
			known = this.primary.queryForObject(LAYOUT,
					(rs, n) -> new Layout(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
			this.layout = known;
		}
		return known;
	}

	/**
	 * The primary's insert position, as far as a replica must have replayed to show all
	 * that the primary shows now.
	 */
	long primary() {
		Layout known = layout();
		Long position = this.primary.queryForObject(PRIMARY, Long.class);
		return settled((position != null) ? position : 0, known.segmentSize(), known.pageSize());
	}

	/**
	 * How far the replica has replayed, or -1 when it replays nothing; gives up after
	 * {@code timeoutMillis} on a replica that hangs.
	 */
	long replayed(int timeoutMillis) {
		Long replayed = replica().execute((ConnectionCallback<Long>) (con) -> {
			con.setNetworkTimeout(SAME_THREAD, timeoutMillis);
			try (var statement = con.createStatement(); var rs = statement.executeQuery(REPLAYED)) {
				rs.next();
				long value = rs.getLong(1);
				return rs.wasNull() ? -1L : value;
			}
		});
		return (replayed != null) ? replayed : -1;
	}

	Standby standby(int timeoutMillis) {
		Standby standby = replica().execute((ConnectionCallback<Standby>) (con) -> {
			con.setNetworkTimeout(SAME_THREAD, timeoutMillis);
			try (var statement = con.createStatement(); var rs = statement.executeQuery(STANDBY)) {
				rs.next();
				long replayed = rs.getLong(2);
				return new Standby(rs.getBoolean(1), rs.wasNull() ? null : replayed, rs.getLong(3));
			}
		});
		if (standby == null) {
			throw new IllegalStateException("The replica answered nothing");
		}
		return standby;
	}

	private JdbcTemplate replica() {
		if (this.replica == null) {
			throw new IllegalStateException("No DATABASE_READ_URL");
		}
		return this.replica;
	}

	/**
	 * An insert position at the very start of a page points past the page's header, where
	 * the next record will go, while a replica that replayed everything stops at the end
	 * of the last record: the page's start. Nothing lies between the two, so the page's
	 * start is as far as a replica must have come. A position anywhere else is the end of
	 * a record and stays as it is.
	 */
	static long settled(long insert, long segmentSize, long pageSize) {
		if (insert % segmentSize == SEGMENT_HEADER) {
			return insert - SEGMENT_HEADER;
		}
		if (insert % segmentSize > pageSize && insert % pageSize == PAGE_HEADER) {
			return insert - PAGE_HEADER;
		}
		return insert;
	}

}
