package app.leaderboard.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.period.PeriodInstance;
import app.leaderboard.period.Scope;
import app.leaderboard.score.BoardRow;
import app.leaderboard.score.Membership;
import app.leaderboard.score.PeriodScore;
import app.leaderboard.score.UserScores;

/**
 * Every SQL statement of the service. PostgreSQL is the source of truth: an update is one
 * transaction here (totals, board sizes and an outbox row), and everything Redis holds
 * can be rebuilt from these tables.
 */
@Repository
public class ScoreStore {

	/** Board sizes are spread over this many rows per board; see V1__leaderboard.sql. */
	static final int SIZE_SHARDS = 16;

	// The fallback reads below are package-private so that ExplainPlanTests can EXPLAIN
	// the
	// very statements the service runs (docs/explain.md).

	static final String USER_SCORES = """
			select u.user_id, u.version, u.updated_at, t.period, t.period_start, t.total, t.reached_at,
			    u.region, u.org, u.hidden
			from users u
			left join period_totals t on t.user_id = u.user_id
			    and (t.period, t.period_start) in (select * from unnest(?::text[], ?::date[]))
			where u.user_id = any(?)
			""";

	/** A page of a board in display order: the board index, read in order. */
	static final String PAGE = BoardSql.page(Scope.GLOBAL);

	/**
	 * Users with a strictly higher total: a range of the board index, never the whole
	 * table.
	 */
	static final String COUNT_ABOVE = BoardSql.countAbove(Scope.GLOBAL);

	/** A board's size from its counter rows: a lookup, never a count of the board. */
	static final String MEMBERS = BoardSql.MEMBERS;

	static final String TOTAL = BoardSql.total(Scope.GLOBAL);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public ScoreStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	public TransactionTemplate transactions() {
		return this.transactions;
	}

	// ---- updates (call inside a transaction) ----

	/**
	 * Bounds how long the current transaction's statements may wait on PostgreSQL. The
	 * pool's socket timeout (30 s) suits rebuilds and relays, but an update must answer
	 * 503 within seconds when PostgreSQL hangs or the network drops packets (a refused or
	 * reset connection fails at once anyway). The pool restores the default when the
	 * connection returns to it. A wait that ends during COMMIT leaves the outcome unknown
	 * to the client; an Idempotency-Key makes the retry safe.
	 */
	public void limitNetworkWait(java.time.Duration wait) {
		this.jdbc.execute((ConnectionCallback<Void>) (con) -> {
			con.setNetworkTimeout(Runnable::run, (int) wait.toMillis());
			return null;
		});
	}

	/**
	 * Claims an idempotency key. Empty when the key is new; otherwise the request hash it
	 * was first used with. A concurrent first use of the same key waits here until the
	 * other transaction ends.
	 */
	public Optional<String> claimIdempotencyKey(String key, String requestHash, String userId, Instant now) {
		int inserted = this.jdbc
			.update("insert into idempotency_keys (key, request_hash, user_id, created_at) values (?, ?, ?, ?) "
					+ "on conflict (key) do nothing", key, requestHash, userId, timestamp(now));
		if (inserted == 1) {
			return Optional.empty();
		}
		return Optional
			.of(this.jdbc.queryForObject("select request_hash from idempotency_keys where key = ?", String.class, key));
	}

	static int shard(String userId) {
		return Math.floorMod(userId.hashCode(), SIZE_SHARDS);
	}

	// ---- reads ----

	public Optional<UserScores> userScores(String userId, Collection<PeriodInstance> instances) {
		return usersScores(List.of(userId), instances).stream().findFirst();
	}

	/** The state of many users on the given instances, in one query. */
	public List<UserScores> usersScores(Collection<String> userIds, Collection<PeriodInstance> instances) {
		if (userIds.isEmpty()) {
			return List.of();
		}
		Map<String, PeriodInstance> byId = new HashMap<>();
		instances.forEach((i) -> byId.put(i.period().id() + "/" + i.startDate(), i));
		String[] periodIds = instances.stream().map((i) -> i.period().id()).toArray(String[]::new);
		String[] starts = instances.stream().map((i) -> i.startDate().toString()).toArray(String[]::new);
		Map<String, UserScores> users = new LinkedHashMap<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(USER_SCORES);
			ps.setArray(1, con.createArrayOf("text", periodIds));
			ps.setArray(2, con.createArrayOf("text", starts));
			ps.setArray(3, con.createArrayOf("text", userIds.toArray()));
			return ps;
		}, (ResultSet rs) -> {
			String userId = rs.getString(1);
			UserScores user = users.computeIfAbsent(userId,
					(id) -> new UserScores(id, longOf(rs, 2), instantOf(rs, 3), new ArrayList<>(), membership(rs)));
			String period = rs.getString(4);
			if (period != null) {
				user.scores()
					.add(new PeriodScore(byId.get(period + "/" + rs.getObject(5, LocalDate.class)), rs.getLong(6),
							instant(rs, 7)));
			}
		});
		return new ArrayList<>(users.values());
	}

	/** A page of a board in display order: total, then who reached it first, then id. */
	public List<BoardRow> page(PeriodInstance instance, int limit, long offset) {
		return this.jdbc.query(BoardSql.page(instance.scope()),
				(rs, n) -> new BoardRow(rs.getString(1), rs.getLong(2), instant(rs, 3)),
				BoardSql.args(instance, limit, offset));
	}

	/** Users with a strictly higher total: a competition rank is this plus one. */
	public long countAbove(PeriodInstance instance, long total) {
		return this.jdbc.queryForObject(BoardSql.countAbove(instance.scope()), Long.class,
				BoardSql.args(instance, total));
	}

	public long members(PeriodInstance instance) {
		return this.jdbc.queryForObject(MEMBERS, Long.class, instance.period().id(), instance.startDate(),
				BoardSql.sizeScope(instance.scope()));
	}

	public OptionalLong total(PeriodInstance instance, String userId) {
		List<Long> totals = this.jdbc.queryForList(BoardSql.total(instance.scope()), Long.class,
				BoardSql.args(instance, userId));
		return totals.isEmpty() ? OptionalLong.empty() : OptionalLong.of(totals.get(0));
	}

	/** Totals of the given users on one board (absent users have none). */
	public Map<String, Long> totals(PeriodInstance instance, Collection<String> userIds) {
		Map<String, Long> totals = new HashMap<>();
		if (userIds.isEmpty()) {
			return totals;
		}
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(BoardSql.totals(instance.scope()));
			Object[] args = BoardSql.args(instance, con.createArrayOf("text", userIds.toArray()));
			for (int i = 0; i < args.length; i++) {
				ps.setObject(i + 1, args[i]);
			}
			return ps;
		}, (ResultSet rs) -> {
			totals.put(rs.getString(1), rs.getLong(2));
		});
		return totals;
	}

	public boolean userExists(String userId) {
		return !this.jdbc.queryForList("select 1 from users where user_id = ?", Integer.class, userId).isEmpty();
	}

	public long userCount() {
		return this.jdbc.queryForObject("select count(*) from users", Long.class);
	}

	/**
	 * About {@code count} user ids picked at random (for load tests): a Bernoulli sample
	 * of the table, so it reads a fraction of the rows instead of sorting all of them.
	 */
	public List<String> sampleUserIds(int count) {
		long users = userCount();
		if (users == 0) {
			return List.of();
		}
		double percent = Math.min(100.0, 100.0 * 2 * count / users);
		return this.jdbc.queryForList("select user_id from users tablesample bernoulli (?) repeatable (42) limit ?",
				String.class, percent, count);
	}

	// ---- cache rebuilds ----

	/** The database's own clock, which {@code users.changed_at} is written with. */
	public Instant databaseNow() {
		return this.jdbc.queryForObject("select clock_timestamp()", OffsetDateTime.class).toInstant();
	}

	/** Streams a whole board; the callback sees rows one at a time, fetched in chunks. */
	public void streamBoard(PeriodInstance instance, Consumer<BoardRow> sink) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.query((con) -> {
				// epoch seconds, not timestamps: parsing millions of timestamp strings
				// was a
				// large part of a full sync's CPU (reached_at holds whole seconds)
				var ps = con.prepareStatement(BoardSql.stream(instance.scope()));
				ps.setFetchSize(5000);
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

	/** A user row as the Redis user cache keeps it. */
	public record UserRow(String userId, long version, Instant updatedAt, Membership membership) {
	}

	public void streamUsers(Consumer<UserRow> sink) {
		this.transactions.executeWithoutResult((status) -> {
			this.jdbc.query((con) -> {
				var ps = con.prepareStatement(
						"select user_id, version, (extract(epoch from updated_at) * 1000)::bigint, region, org, hidden "
								+ "from users");
				ps.setFetchSize(5000);
				return ps;
			}, (ResultSet rs) -> {
				sink.accept(new UserRow(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)),
						new Membership(rs.getString(4), rs.getString(5), rs.getBoolean(6))));
			});
		});
	}

	public List<String> usersChangedSince(Instant databaseTime) {
		return this.jdbc.queryForList("select user_id from users where changed_at >= ?", String.class,
				timestamp(databaseTime));
	}

	// ---- outbox ----

	/** Forgets outbox rows whose users reached Redis already. */
	public void deleteOutbox(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return;
		}
		this.jdbc.update((con) -> {
			var ps = con.prepareStatement("delete from outbox where id = any(?)");
			ps.setArray(1, con.createArrayOf("bigint", ids.toArray()));
			return ps;
		});
	}

	/**
	 * Takes up to {@code limit} outbox rows older than {@code minAge}, hands their users
	 * to {@code apply} and deletes the rows only if it returns true. Rows are locked with
	 * SKIP LOCKED, so several instances relay different rows at once.
	 * @return the number of rows applied
	 */
	public int relayOutbox(int limit, java.time.Duration minAge, Predicate<List<OutboxEntry>> apply) {
		Integer applied = this.transactions.execute((status) -> {
			List<OutboxEntry> users = this.jdbc.query("""
					delete from outbox where id in (
					    select id from outbox where created_at < clock_timestamp() - make_interval(secs => ?)
					    order by id limit ? for update skip locked)
					returning user_id, left_region, left_org, erased
					""",
					(rs, n) -> new OutboxEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)),
					minAge.toMillis() / 1000.0, limit);
			if (users.isEmpty()) {
				return 0;
			}
			if (!apply.test(users)) {
				status.setRollbackOnly();
				return 0;
			}
			return users.size();
		});
		return (applied != null) ? applied : 0;
	}

	/**
	 * One outbox row: whose state to write, the scopes the user left in that change
	 * (their boards lose the user), and whether it was an erasure.
	 */
	public record OutboxEntry(String userId, String leftRegion, String leftOrg, boolean erased) {
	}

	/** Rows waiting in the outbox and the age of the oldest, in seconds. */
	public record OutboxBacklog(long rows, double oldestSeconds) {
	}

	public OutboxBacklog outboxBacklog() {
		return this.jdbc.queryForObject(
				"select count(*), coalesce(extract(epoch from clock_timestamp() - min(created_at)), 0) from outbox",
				(rs, n) -> new OutboxBacklog(rs.getLong(1), rs.getDouble(2)));
	}

	// ---- administration ----

	/**
	 * Sets every user's count of one period instance to 0 (the rows go; past periods
	 * stay).
	 */
	public int reset(PeriodInstance instance) {
		Integer removed = this.transactions.execute((status) -> {
			// a yearly board can hold millions of rows: this one statement may take
			// minutes
			limitNetworkWait(java.time.Duration.ofMinutes(15));
			this.jdbc.execute("set local statement_timeout = '10min'");
			this.jdbc.update("delete from board_sizes where period = ? and period_start = ?", instance.period().id(),
					instance.startDate());
			return this.jdbc.update("delete from period_totals where period = ? and period_start = ?",
					instance.period().id(), instance.startDate());
		});
		return (removed != null) ? removed : 0;
	}

	public int forgetIdempotencyKeys(Instant before) {
		return this.jdbc.update("delete from idempotency_keys where created_at < ?", timestamp(before));
	}

	/**
	 * Whether PostgreSQL answers within two seconds; never throws. For health, gauges and
	 * status, which must say "down" rather than fail.
	 */
	public boolean answers() {
		try {
			return ping();
		}
		catch (org.springframework.dao.DataAccessException ex) {
			return false;
		}
	}

	/**
	 * Whether PostgreSQL answers within two seconds (health and status must not hang).
	 */
	public boolean ping() {
		return Boolean.TRUE.equals(this.jdbc.execute((ConnectionCallback<Boolean>) (con) -> {
			con.setNetworkTimeout(Runnable::run, 2_000);
			try (var statement = con.createStatement(); var rs = statement.executeQuery("select 1")) {
				return rs.next() && rs.getInt(1) == 1;
			}
		}));
	}

	// ---- conversions ----

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static Instant instantOf(ResultSet rs, int column) {
		try {
			return instant(rs, column);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Membership membership(ResultSet rs) {
		try {
			return new Membership(rs.getString(8), rs.getString(9), rs.getBoolean(10));
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long longOf(ResultSet rs, int column) {
		try {
			return rs.getLong(column);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
