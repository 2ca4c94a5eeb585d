package app.leaderboard.store.postgres;

import static app.leaderboard.store.postgres.SqlValues.timestamp;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.Membership;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.UserRow;

/**
 * What a cache rebuild reads: whole boards and all users, streamed in chunks, and the
 * users changed since a moment of the database's own clock (re-applied after a swap). The
 * streams read a replica that is in step ({@link ReadDatabase}): it holds at least what
 * the primary held when the stream began, after the {@link #snapshot}, so whatever the
 * stream misses was still changed after that snapshot. The snapshot and the changed users
 * are the primary's: its clock wrote {@code changed_at}.
 */
@Repository
public class RebuildSnapshots {

	private static final String NOW = "select clock_timestamp()";

	/**
	 * The clock and the oldest transaction still running: anything a rebuild's stream
	 * cannot see was written by that one or a later one. (xid8 to xid: the low 32 bits.)
	 */
	static final String SNAPSHOT = "select clock_timestamp(), "
			+ "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296)::text";

	/**
	 * Users changed since a moment whose row a transaction at or after the snapshot's
	 * oldest wrote: the changed_at index finds the recent ones, the transaction id leaves
	 * out those already in the snapshot (a bulk load committed just before a sync).
	 */
	static final String CHANGED_AFTER_SNAPSHOT = "select user_id from users "
			+ "where changed_at >= ? and age(xmin) <= age(?::xid)";

	/**
	 * Epoch seconds, not timestamps: parsing millions of timestamp strings was a large
	 * part of a full sync's CPU (reached_at holds whole seconds).
	 */
	private static String board(PeriodInstance instance) {
		return BoardSql.stream(instance.scope());
	}

	private static final String USERS = "select user_id, version, (extract(epoch from updated_at) * 1000)::bigint, "
			+ "region, org, hidden, " + ProfileColumns.COLUMNS + " from users u";

	private static final String CHANGED_SINCE = "select user_id from users where changed_at >= ?";

	private static final int FETCH_SIZE = 5000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ReadDatabase database;

	public RebuildSnapshots(JdbcTemplate jdbc, TransactionTemplate transactions, ReadDatabase database) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.database = database;
	}

	/** The database's own clock, which {@code users.changed_at} is written with. */
	public Instant databaseNow() {
		return this.jdbc.queryForObject(NOW, OffsetDateTime.class).toInstant();
	}

	/**
	 * Where a rebuild starts from: take it before the stream, so that every change the
	 * stream misses is {@linkplain #usersChangedAfter changed after} it.
	 */
	public record Snapshot(Instant time, String oldestRunning) {
	}

	public Snapshot snapshot() {
		return this.jdbc.queryForObject(SNAPSHOT,
				(rs, n) -> new Snapshot(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getString(2)));
	}

	/**
	 * The users a rebuild from {@code snapshot} may have missed: changed after
	 * {@code snapshot.time() - margin} by a transaction the snapshot may not have seen.
	 */
	public List<String> usersChangedAfter(Snapshot snapshot, Duration margin) {
		return this.jdbc.queryForList(CHANGED_AFTER_SNAPSHOT, String.class, timestamp(snapshot.time().minus(margin)),
				snapshot.oldestRunning());
	}

	/** Streams a whole board; the callback sees rows one at a time, fetched in chunks. */
	public void streamBoard(PeriodInstance instance, Consumer<BoardRow> sink) {
		this.database.stream(() -> this.transactions.executeWithoutResult((status) -> {
			this.jdbc.query((con) -> {
				var ps = con.prepareStatement(board(instance));
				ps.setFetchSize(FETCH_SIZE);
				Object[] args = BoardSql.args(instance);
				for (int i = 0; i < args.length; i++) {
					ps.setObject(i + 1, args[i]);
				}
				return ps;
			}, (ResultSet rs) -> {
				sink.accept(new BoardRow(rs.getString(1), rs.getLong(2), Instant.ofEpochSecond(rs.getLong(3))));
			});
		}));
	}

	/** Streams every user as the Redis user cache keeps it. */
	public void streamUsers(Consumer<UserRow> sink) {
		this.database.stream(() -> this.transactions.executeWithoutResult((status) -> {
			this.jdbc.query((con) -> {
				var ps = con.prepareStatement(USERS);
				ps.setFetchSize(FETCH_SIZE);
				return ps;
			}, (ResultSet rs) -> {
				sink.accept(new UserRow(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)),
						new Membership(rs.getString(4), rs.getString(5), rs.getBoolean(6)),
						ProfileColumns.read(rs, 7)));
			});
		}));
	}

	public List<String> usersChangedSince(Instant databaseTime) {
		return this.jdbc.queryForList(CHANGED_SINCE, String.class, timestamp(databaseTime));
	}

}
