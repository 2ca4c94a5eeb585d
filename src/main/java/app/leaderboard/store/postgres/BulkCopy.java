package app.leaderboard.store.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Types;

import app.leaderboard.core.PeriodInstance;

/**
 * Bulk loads for generated data: {@code COPY ... FROM STDIN} into {@code users} and
 * {@code period_totals}, then the matching {@code board_sizes}, all in one transaction,
 * so a failed load leaves nothing behind. The caller guarantees what the per-row path
 * checks: every total's user is in the same load, and the board sizes are the members it
 * loaded. That is why, when the role may (a superuser), the load runs with
 * {@code session_replication_role = replica}: the foreign-key trigger, a lookup per row,
 * is skipped, as {@code pg_restore --disable-triggers} does. The board histogram's and
 * checksums' triggers are skipped with it, so both are then counted afresh from the
 * loaded totals before the commit. The class is longer than most because the load's steps
 * (copies, index drop and rebuild, sizes, histogram) must share one connection and one
 * transaction.
 */
@Component
public class BulkCopy {

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	public BulkCopy(DataSource dataSource, JdbcTemplate jdbc) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
	}

	/** Users already in the database: a generated load must not collide with them. */
	public long users() {
		return this.jdbc.queryForObject("select count(*) from users", Long.class);
	}

	/** Work done inside one load's transaction. */
	@FunctionalInterface
	public interface LoadWork {

		void run(Load load) throws SQLException;

	}

	/** The board histogram (V1_11) as its triggers would have kept it, in slot 0. */
	static final String CLEAR_HISTOGRAM = "delete from board_histogram";

	static final String COUNT_HISTOGRAM = """
			insert into board_histogram (period, period_start, scope, total, slot, members)
			select t.period, t.period_start, s.scope, t.total, 0, count(*)
			from period_totals t, board_histogram_scopes(t.region, t.org, t.hidden) s(scope)
			group by t.period, t.period_start, s.scope, t.total
			""";

	/** The boards' checksums (V1_71) as its triggers would have kept them, in slot 0. */
	static final String COUNT_CHECKSUMS = "select board_checksums_count()";

	/**
	 * Runs a load in one transaction and commits it; afterwards the tables are analyzed,
	 * so that the fallback's queries are planned for their new size at once.
	 * @param replace empty every leaderboard table first (inside the same transaction)
	 */
	public void load(boolean replace, LoadWork work) {
		try (Connection connection = this.dataSource.getConnection()) {
			boolean triggersOff;
			// the pool's 30 s socket timeout guards requests; building indexes over tens
			// of millions of rows is silent for longer (the pool restores the timeout)
			connection.setNetworkTimeout(Runnable::run, 0);
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				// a generated load can be made again: no need to wait for each WAL flush
				statement.execute("set local synchronous_commit = off");
				statement.execute("set local statement_timeout = 0");
				triggersOff = superuser(statement);
				if (triggersOff) {
					statement.execute("set local session_replication_role = replica");
				}
				if (replace) {
					statement.execute("truncate users, period_totals, board_sizes, outbox, idempotency_keys");
				}
			}
			try {
				List<String> rebuild = new ArrayList<>(dropIndexes(connection, "period_totals", true));
				// the users' primary key stays: the totals' foreign key needs it
				rebuild.addAll(dropIndexes(connection, "users", false));
				work.run(new Load(connection));
				try (Statement statement = connection.createStatement()) {
					statement.execute("set local maintenance_work_mem = '1GB'");
					for (String ddl : rebuild) {
						statement.execute(ddl);
					}
					if (triggersOff) {
						// the histogram's triggers did not fire (nor its truncate):
						// count it afresh from the loaded totals
						statement.execute(CLEAR_HISTOGRAM);
						statement.execute(COUNT_HISTOGRAM);
						statement.execute(COUNT_CHECKSUMS);
					}
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			try (Statement statement = connection.createStatement()) {
				connection.setAutoCommit(true);
				statement.execute("analyze users, period_totals, board_sizes, board_histogram, board_checksums");
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Bulk load failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Drops the indexes of an empty table (with {@code constraints}, also its primary and
	 * unique keys) and returns the DDL that recreates them, read from the catalog so it
	 * is always the migration's own. Building an index once over sorted millions of rows
	 * is several times faster than growing it row by row, and nothing else sees the table
	 * until the transaction commits.
	 */
	private static List<String> dropIndexes(Connection connection, String table, boolean constraints)
			throws SQLException {
		List<String> drop = new ArrayList<>();
		List<String> rebuild = new ArrayList<>();
		try (Statement statement = connection.createStatement()) {
			try (var rs = statement.executeQuery("select exists (select 1 from " + table + ")")) {
				if (rs.next() && rs.getBoolean(1)) {
					return rebuild;
				}
			}
			try (var rs = statement.executeQuery("""
					select conname, pg_get_constraintdef(oid) from pg_constraint
					where conrelid = '%s'::regclass and contype in ('p', 'u')
					""".formatted(table))) {
				while (constraints && rs.next()) {
					drop.add("alter table " + table + " drop constraint " + rs.getString(1));
					rebuild.add("alter table " + table + " add constraint " + rs.getString(1) + " " + rs.getString(2));
				}
			}
			try (var rs = statement.executeQuery("""
					select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) from pg_index i
					where i.indrelid = '%s'::regclass
					  and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
					""".formatted(table))) {
				while (rs.next()) {
					drop.add("drop index " + rs.getString(1));
					rebuild.add(rs.getString(2));
				}
			}
			for (String ddl : drop) {
				statement.execute(ddl);
			}
		}
		return rebuild;
	}

	private static boolean superuser(Statement statement) throws SQLException {
		try (var rs = statement.executeQuery("select current_setting('is_superuser')")) {
			return rs.next() && "on".equals(rs.getString(1));
		}
	}

	/** One load: a COPY stream per table, one at a time, then the board sizes. */
	public static final class Load {

		private final Connection connection;

		private final CopyManager copy;

		Load(Connection connection) throws SQLException {
			this.connection = connection;
			this.copy = connection.unwrap(PGConnection.class).getCopyAPI();
		}

		/**
		 * The load's connection, inside its transaction, for other loads of this package.
		 */
		Connection connection() {
			return this.connection;
		}

		/** A COPY ... FROM STDIN of this load's transaction. */
		Stream copy(String sql) throws SQLException {
			return new Stream(this.copy.copyIn(sql));
		}

		/**
		 * Rows: {@code user_id, version, created_at, updated_at, changed_at},
		 * tab-separated text.
		 */
		public Stream users() throws SQLException {
			return new Stream(this.copy
				.copyIn("copy users (user_id, version, created_at, updated_at, changed_at, region, org) from stdin"));
		}

		/**
		 * Rows: {@code period, period_start, user_id, total, reached_at}; every total
		 * above 0.
		 */
		public Stream periodTotals() throws SQLException {
			return new Stream(this.copy.copyIn(
					"copy period_totals (period, period_start, user_id, total, reached_at, region, org) from stdin"));
		}

		/** Adds members per shard to each board's size rows. */
		public void boardSizes(Map<PeriodInstance, long[]> membersPerShard) throws SQLException {
			try (PreparedStatement insert = this.connection.prepareStatement(
					"""
							insert into board_sizes (period, period_start, scope, shard, members) values (?, ?, ?, ?, ?)
							on conflict (period, period_start, scope, shard) do update set members = board_sizes.members + excluded.members
							""")) {
				for (Map.Entry<PeriodInstance, long[]> board : membersPerShard.entrySet()) {
					long[] shards = board.getValue();
					for (int shard = 0; shard < shards.length; shard++) {
						if (shards[shard] > 0) {
							insert.setString(1, board.getKey().period().id());
							insert.setObject(2, board.getKey().startDate(), Types.DATE);
							insert.setString(3, BoardSql.sizeScope(board.getKey().scope()));
							insert.setShort(4, (short) shard);
							insert.setLong(5, shards[shard]);
							insert.addBatch();
						}
					}
				}
				insert.executeBatch();
			}
			try (Statement statement = this.connection.createStatement()) {
				// the scopes used, and versions above every generated one
				statement.execute("insert into scopes (kind, name) select distinct 'region', region from users "
						+ "where region is not null on conflict do nothing");
				statement.execute("insert into scopes (kind, name) select distinct 'org', org from users "
						+ "where org is not null on conflict do nothing");
				statement.execute("select setval('user_versions', (select coalesce(max(version), 0) + 1 from users))");
				// the streaks that the generated daily totals make
				statement.execute(StreakBackfill.STATEMENT);
			}
		}

	}

	/** A COPY in progress: text rows go in chunks; {@link #finish()} ends it. */
	public static final class Stream {

		private final CopyIn copyIn;

		Stream(CopyIn copyIn) {
			this.copyIn = copyIn;
		}

		public void write(CharSequence rows) throws SQLException {
			write(rows.toString().getBytes(StandardCharsets.UTF_8));
		}

		public void write(byte[] rows) throws SQLException {
			this.copyIn.writeToCopy(rows, 0, rows.length);
		}

		/**
		 * @return rows copied
		 */
		public long finish() throws SQLException {
			return this.copyIn.endCopy();
		}

	}

	/**
	 * A user's board-size shard, as the update path computes it ({@link ScoreWrites}).
	 */
	public static int shard(String userId) {
		return ScoreWrites.shard(userId);
	}

	/** How many shards each board's size is spread over. */
	public static int shards() {
		return ScoreWrites.SIZE_SHARDS;
	}

}
