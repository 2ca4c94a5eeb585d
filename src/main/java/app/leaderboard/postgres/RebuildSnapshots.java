package app.leaderboard.postgres;

import static app.leaderboard.postgres.SqlValues.timestamp;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.period.PeriodInstance;
import app.leaderboard.totals.BoardRow;
import app.leaderboard.totals.Membership;
import app.leaderboard.totals.UserRow;

/**
 * What a cache rebuild reads: whole boards and all users, streamed in chunks, and the
 * users changed since a moment of the database's own clock (re-applied after a swap).
 */
@Repository
public class RebuildSnapshots {

	private static final String NOW = "select clock_timestamp()";

	/**
	 * Epoch seconds, not timestamps: parsing millions of timestamp strings was a large
	 * part of a full sync's CPU (reached_at holds whole seconds).
	 */
	private static String board(PeriodInstance instance) {
		return BoardSql.stream(instance.scope());
	}

	private static final String USERS = "select user_id, version, (extract(epoch from updated_at) * 1000)::bigint, "
			+ "region, org, hidden from users";

	private static final String CHANGED_SINCE = "select user_id from users where changed_at >= ?";

	private static final int FETCH_SIZE = 5000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public RebuildSnapshots(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** The database's own clock, which {@code users.changed_at} is written with. */
	public Instant databaseNow() {
		return this.jdbc.queryForObject(NOW, OffsetDateTime.class).toInstant();
	}

	/** Streams a whole board; the callback sees rows one at a time, fetched in chunks. */
	public void streamBoard(PeriodInstance instance, Consumer<BoardRow> sink) {
		this.transactions.executeWithoutResult((status) -> {
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
		});
	}

	/** Streams every user as the Redis user cache keeps it. */
	public void streamUsers(Consumer<UserRow> sink) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.query((con) -> {
				var ps = con.prepareStatement(USERS);
				ps.setFetchSize(FETCH_SIZE);
				return ps;
			}, (ResultSet rs) -> {
				sink.accept(new UserRow(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)),
						new Membership(rs.getString(4), rs.getString(5), rs.getBoolean(6))));
			});
		});
	}

	public List<String> usersChangedSince(Instant databaseTime) {
		return this.jdbc.queryForList(CHANGED_SINCE, String.class, timestamp(databaseTime));
	}

}
