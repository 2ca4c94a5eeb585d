package app.leaderboard.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.core.CompetitionRanks;
import app.leaderboard.core.PeriodInstance;

/**
 * Whole boards read from PostgreSQL in display order ({@link BoardSql#ranked}), for the
 * admin export and the webhook's top ten. An export reads one snapshot (a read-only
 * REPEATABLE READ transaction) through a server-side cursor: rows arrive
 * {@link #FETCH_SIZE} at a time and go to the caller as they come, so its memory does not
 * grow with the board. An export reads a replica that is in step ({@link ReadDatabase}).
 */
@Repository
public class BoardExports {

	/** Rows per round trip of the cursor: all an export holds at once. */
	static final int FETCH_SIZE = 1000;

	/**
	 * A client that stops reading keeps the snapshot open, which holds back vacuum: the
	 * session is ended after this long without a fetch.
	 */
	static final String IDLE_LIMIT = "set local idle_in_transaction_session_timeout = '60s'";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate snapshot;

	private final ReadDatabase database;

	public BoardExports(JdbcTemplate jdbc, PlatformTransactionManager transactions, ReadDatabase database) {
		this.jdbc = jdbc;
		this.database = database;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshot.setReadOnly(true);
	}

	/** One user on an exported board: the entry of a board page, with the name. */
	public record Entry(long rank, String userId, @Nullable String displayName, long score) {
	}

	/**
	 * Streams the whole board, hidden users left out, to {@code sink} in display order
	 * with competition ranks, from one snapshot. The statement runs before the first
	 * entry reaches the sink, so a database that is down fails before anything is
	 * written. @return the entries streamed
	 */
	public long stream(PeriodInstance board, Consumer<Entry> sink) {
		Long streamed = this.database.stream(() -> this.snapshot.execute((status) -> {
			this.jdbc.execute(IDLE_LIMIT);
			return read(board, null, sink);
		}));
		return (streamed != null) ? streamed : 0;
	}

	/**
	 * The first {@code limit} entries of a board, in the caller's transaction (the
	 * webhook reads them with the board's size in one snapshot).
	 */
	public List<Entry> top(PeriodInstance board, int limit) {
		List<Entry> top = new ArrayList<>(limit);
		read(board, limit, top::add);
		return top;
	}

	/** A board's size from its counter rows, in the caller's transaction. */
	public long members(PeriodInstance board) {
		return this.jdbc.queryForObject(BoardSql.MEMBERS, Long.class, BoardSql.histogramArgs(board));
	}

	private long read(PeriodInstance board, @Nullable Integer limit, Consumer<Entry> sink) {
		String sql = BoardSql.ranked(board.scope()) + ((limit != null) ? " limit ?" : "");
		Object[] args = (limit != null) ? BoardSql.args(board, limit) : BoardSql.args(board);
		CompetitionRanks ranks = new CompetitionRanks();
		long[] count = { 0 };
		this.jdbc.query((con) -> {
			PreparedStatement statement = con.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
					ResultSet.CONCUR_READ_ONLY);
			statement.setFetchSize(FETCH_SIZE);
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			return statement;
		}, (RowCallbackHandler) (rs) -> {
			long total = rs.getLong(3);
			sink.accept(new Entry(ranks.next(total), rs.getString(1), rs.getString(2), total));
			count[0]++;
		});
		return count[0];
	}

}
