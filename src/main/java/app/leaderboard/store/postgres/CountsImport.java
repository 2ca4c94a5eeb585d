package app.leaderboard.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.leaderboard.core.CountRow;
import app.leaderboard.core.PeriodInstance;

/**
 * Writes imported counters (docs/migration.md) as the users' totals of the current
 * periods, in one transaction of a {@link BulkCopy} load: the rows go into a temporary
 * table with {@code COPY}, are compared with what PostgreSQL holds, and only what differs
 * is written. Totals are set, not added, so a second import of the same file changes
 * nothing; users not in the file are not touched.
 *
 * <p>
 * What the update path keeps true stays true: a changed user's {@code version} grows by
 * one (the Redis user cache accepts only newer versions), {@code board_sizes} gains or
 * loses the members that appear or disappear per board and shard, and a total of 0 is no
 * row. The tables are locked against concurrent updates while the differences are
 * written, so that no update commits between the comparison and the write. Its statements
 * are long but run in one transaction on one connection, so they stay together here.
 */
@Component
public class CountsImport {

	private static final Logger log = LoggerFactory.getLogger(CountsImport.class);

	/** Rows of COPY text per chunk. */
	private static final int CHUNK = 10_000;

	private final BulkCopy bulk;

	public CountsImport(BulkCopy bulk) {
		this.bulk = bulk;
	}

	/** What an import changed. */
	public record Imported(long users, long newUsers, long changedUsers, long totalsWritten) {

		public long unchangedUsers() {
			return this.users - this.newUsers - this.changedUsers;
		}

	}

	/**
	 * @param rows checked rows, each user once
	 * @param instances the current day, week, month and year, in that order
	 * @param now the import's time: the update time of users without one in the file, and
	 * the latest a total can have been reached
	 * @param progress told of rows copied
	 */
	public Imported write(List<CountRow> rows, List<PeriodInstance> instances, Instant now, LongConsumer progress) {
		if (instances.size() != 4) {
			throw new IllegalArgumentException("expected the four current periods");
		}
		long[] result = new long[3];
		this.bulk.load(false, (load) -> {
			Connection connection = load.connection();
			memory(connection);
			long started = System.nanoTime();
			try (Statement statement = connection.createStatement()) {
				statement.execute(
						"""
								create temp table import_rows (user_id text collate "C" not null, shard smallint not null,
								    daily bigint not null, weekly bigint not null, monthly bigint not null, yearly bigint not null,
								    updated_at timestamptz) on commit drop
								""");
			}
			copy(load, rows, progress);
			started = step("copy", started);
			try (Statement statement = connection.createStatement()) {
				statement.execute("analyze import_rows");
				// updates wait here until the import commits (docs/migration.md runs it
				// during
				// migration phase 1, while the old app still takes the writes)
				statement.execute("lock table users, period_totals, board_sizes in share row exclusive mode");
			}
			diff(connection, instances, now);
			started = step("compare", started);
			result[0] = changedUsers(connection, now);
			result[1] = newUsers(connection, now);
			started = step("users", started);
			result[2] = totals(connection);
			step("totals and board sizes", started);
		});
		return new Imported(rows.size(), result[1], result[0], result[2]);
	}

	/**
	 * Memory for the comparison's hashes and the temporary tables: a million users are a
	 * few hundred megabytes of rows, which the defaults (4 MB, 8 MB) would spill to disk.
	 * {@code temp_buffers} can only change before a session's first temporary table, and
	 * a pooled connection may have had one: then the default stays (a savepoint keeps the
	 * refusal from ending the transaction).
	 */
	private static void memory(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("set local work_mem = '256MB'");
			statement.execute("savepoint import_memory");
			try {
				statement.execute("set local temp_buffers = '512MB'");
				statement.execute("release savepoint import_memory");
			}
			catch (SQLException ex) {
				statement.execute("rollback to savepoint import_memory");
			}
		}
	}

	private static long step(String name, long started) {
		log.info("Import: {} took {} ms", name, (System.nanoTime() - started) / 1_000_000);
		return System.nanoTime();
	}

	private static void copy(BulkCopy.Load load, List<CountRow> rows, LongConsumer progress) throws SQLException {
		BulkCopy.Stream stream = load.copy("copy import_rows from stdin");
		StringBuilder text = new StringBuilder(CHUNK * 64);
		int inChunk = 0;
		for (CountRow row : rows) {
			// ids match [A-Za-z0-9_.@:+-]: nothing in them needs escaping in COPY text
			text.append(row.userId())
				.append('\t')
				.append(BulkCopy.shard(row.userId()))
				.append('\t')
				.append(row.daily())
				.append('\t')
				.append(row.weekly())
				.append('\t')
				.append(row.monthly())
				.append('\t')
				.append(row.yearly())
				.append('\t')
				.append((row.updatedAt() != null) ? row.updatedAt().toString() : "\\N")
				.append('\n');
			if (++inChunk == CHUNK) {
				stream.write(text);
				text.setLength(0);
				progress.accept(inChunk);
				inChunk = 0;
			}
		}
		stream.write(text);
		progress.accept(inChunk);
		stream.finish();
	}

	/**
	 * {@code import_diff}: every (board, user) whose total in the file differs from
	 * PostgreSQL's (0 for no row), with the old total (null: no row yet), when the new
	 * one was reached (the user's update time, kept inside the period and not after now),
	 * and the user's region, organisation and hidden flag (none for a new user), which
	 * their totals carry.
	 */
	private static void diff(Connection connection, List<PeriodInstance> instances, Instant now) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(
				"""
						create temp table import_diff on commit drop as
						select n.period, n.period_start, r.user_id, r.shard, n.total as new_total, o.total as old_total,
						    date_trunc('second', least(greatest(coalesce(r.updated_at, ?), n.starts_at), ?)) as reached_at,
						    u.region, u.org, coalesce(u.hidden, false) as hidden
						from import_rows r
						left join users u on u.user_id = r.user_id
						cross join lateral (values (?, ?::date, ?::timestamptz, r.daily), (?, ?::date, ?::timestamptz, r.weekly),
						    (?, ?::date, ?::timestamptz, r.monthly), (?, ?::date, ?::timestamptz, r.yearly))
						    as n (period, period_start, starts_at, total)
						left join period_totals o
						    on o.period = n.period and o.period_start = n.period_start and o.user_id = r.user_id
						where n.total <> coalesce(o.total, 0)
						""")) {
			int p = 1;
			statement.setObject(p++, timestamp(now));
			statement.setObject(p++, timestamp(now));
			for (PeriodInstance instance : instances) {
				statement.setString(p++, instance.period().id());
				statement.setObject(p++, instance.startDate());
				statement.setObject(p++, timestamp(instance.start()));
			}
			statement.execute();
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute("analyze import_diff");
			statement
				.execute("create temp table import_changed on commit drop as select distinct user_id from import_diff");
		}
	}

	/**
	 * Users whose totals changed: a new version, the file's update time (or now). Their
	 * {@code changed_at} is set before the rebuild margin on purpose: a rebuild
	 * re-applies the users changed in the minute before it began, one chunk at a time,
	 * for updates that commit while it runs; the import commits before its own rebuild
	 * starts, which reads every imported row anyway, and re-applying a million users that
	 * way would take minutes.
	 */
	private static long changedUsers(Connection connection, Instant now) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				update users u set version = nextval('user_versions'), updated_at = coalesce(r.updated_at, ?),
				    changed_at = clock_timestamp() - interval '2 minutes'
				from import_rows r join import_changed c on c.user_id = r.user_id
				where u.user_id = r.user_id
				""")) {
			statement.setObject(1, timestamp(now));
			return statement.executeUpdate();
		}
	}

	private static long newUsers(Connection connection, Instant now) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("""
				insert into users (user_id, version, created_at, updated_at, changed_at)
				select r.user_id, nextval('user_versions'), coalesce(r.updated_at, ?), coalesce(r.updated_at, ?),
				    clock_timestamp() - interval '2 minutes'
				from import_rows r
				where not exists (select 1 from users u where u.user_id = r.user_id)
				""")) {
			statement.setObject(1, timestamp(now));
			statement.setObject(2, timestamp(now));
			return statement.executeUpdate();
		}
	}

	/**
	 * Applies the differences to the totals and the board sizes; returns rows written.
	 */
	private static long totals(Connection connection) throws SQLException {
		long written = 0;
		try (Statement statement = connection.createStatement()) {
			written += statement.executeUpdate("""
					delete from period_totals p using import_diff d
					where d.new_total = 0 and p.period = d.period and p.period_start = d.period_start
					  and p.user_id = d.user_id
					""");
			written += statement.executeUpdate("""
					update period_totals p set total = d.new_total, reached_at = d.reached_at from import_diff d
					where d.old_total is not null and d.new_total > 0 and p.period = d.period
					  and p.period_start = d.period_start and p.user_id = d.user_id
					""");
			written += statement.executeUpdate("""
					insert into period_totals (period, period_start, user_id, total, reached_at, region, org, hidden)
					select period, period_start, user_id, new_total, reached_at, region, org, hidden from import_diff
					where old_total is null
					""");
			// every board the user counts on: the global one and their region's and
			// organisation's; a hidden user counts on none
			statement.executeUpdate("""
					insert into board_sizes (period, period_start, scope, shard, members)
					select period, period_start, scope, shard, delta from (
					    select d.period, d.period_start, sc.scope, d.shard,
					        sum(case when d.old_total is null then 1 when d.new_total = 0 then -1 else 0 end) as delta
					    from import_diff d
					    cross join lateral (values (''), ('region:' || d.region), ('org:' || d.org)) sc (scope)
					    where not d.hidden and sc.scope is not null
					    group by d.period, d.period_start, sc.scope, d.shard) s
					where delta <> 0
					on conflict (period, period_start, scope, shard)
					    do update set members = board_sizes.members + excluded.members
					""");
		}
		return written;
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
