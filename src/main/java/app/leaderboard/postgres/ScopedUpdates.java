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
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.period.PeriodInstance;
import app.leaderboard.period.Scope;
import app.leaderboard.totals.Membership;
import app.leaderboard.totals.PeriodScore;
import app.leaderboard.totals.UserScores;

/**
 * The update's statements (call inside one transaction): the user row with its scopes,
 * the totals, the board sizes of every board the user counts on, and an outbox row. When
 * the update moves the user to another region or organisation, every total of the user
 * (past periods too) moves with them and the sizes of the boards they left and joined
 * change, in the same transaction. It runs on the update pool ({@link UpdateDatabase}).
 */
public class ScopedUpdates {

	/** The common case first: an existing user, locked, with their previous scopes. */
	private static final String UPDATE_USER = """
			update users u set version = nextval('user_versions'), updated_at = ?, changed_at = clock_timestamp(),
			    region = coalesce(?, old.region), org = coalesce(?, old.org)
			from (select region, org from users where user_id = ? for update) old
			where u.user_id = ?
			returning u.version, u.updated_at, u.region, u.org, u.hidden, old.region, old.org
			""";

	private static final String INSERT_USER = """
			insert into users (user_id, version, created_at, updated_at, region, org)
			values (?, nextval('user_versions'), ?, ?, ?, ?)
			on conflict (user_id) do nothing
			returning version, updated_at, region, org, hidden
			""";

	/**
	 * Moves every total of the user to their new scopes and the board sizes with them:
	 * minus one on each board of a scope left, plus one on each board of a scope joined.
	 */
	private static final String MOVE_TOTALS = """
			with moved as (
			    update period_totals set region = ?, org = ? where user_id = ?
			    returning period, period_start, hidden
			)
			insert into board_sizes (period, period_start, scope, shard, members)
			select period, period_start, d.scope, ?, d.delta
			from moved, unnest(?::text[], ?::int[]) d(scope, delta)
			where not moved.hidden
			order by 1, 2, 3
			on conflict (period, period_start, scope, shard) do update set members = board_sizes.members + excluded.members
			""";

	private static final String ADD_TOTALS = """
			with t as (
			    insert into period_totals (period, period_start, user_id, total, reached_at, region, org, hidden)
			    select p, s, ?, ?, ?, ?, ?, ? from unnest(?::text[], ?::date[]) i(p, s)
			    on conflict (period, period_start, user_id) do update
			        set total = period_totals.total + excluded.total, reached_at = excluded.reached_at
			    returning period, period_start, total, reached_at, (xmax = 0) as inserted
			), s as (
			    insert into board_sizes (period, period_start, scope, shard, members)
			    select t.period, t.period_start, sc.scope, ?, 1 from t, unnest(?::text[]) sc(scope)
			    where t.inserted and not ?
			    order by 1, 2, 3
			    on conflict (period, period_start, scope, shard) do update set members = board_sizes.members + 1
			), o as (
			    insert into outbox (user_id, left_region, left_org) values (?, ?, ?) returning id
			)
			select t.period, t.period_start, t.total, t.reached_at, o.id from t, o
			""";

	private final JdbcTemplate jdbc;

	public ScopedUpdates(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** What an update committed: the user's new state and its outbox row. */
	public record Recorded(UserScores scores, long outboxId, Membership before) {
	}

	private record UserState(long version, Instant updatedAt, Membership now, Membership before) {
	}

	/**
	 * Adds {@code count} to the user's totals of the given instances, creating the user
	 * and setting their region and organisation when given (null keeps them).
	 */
	public Recorded addPomodoros(String userId, long count, Instant now, Collection<PeriodInstance> instances,
			String region, String org) {
		UserState user = upsertUser(userId, now, region, org);
		List<Scope> left = user.now().left(user.before());
		List<Scope> joined = user.before().left(user.now());
		if (!left.isEmpty() || !joined.isEmpty()) {
			move(userId, user.now(), left, joined);
		}
		Instant reached = now.truncatedTo(ChronoUnit.SECONDS);
		Map<String, PeriodInstance> byId = new HashMap<>();
		instances.forEach((i) -> byId.put(i.period().id() + "/" + i.startDate(), i));
		String[] scopes = user.now().scopes().stream().map(BoardSql::sizeScope).toArray(String[]::new);
		List<PeriodScore> scores = new ArrayList<>();
		long[] outbox = new long[1];
		Membership before = user.before();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(ADD_TOTALS);
			int i = 0;
			ps.setString(++i, userId);
			ps.setLong(++i, count);
			ps.setObject(++i, timestamp(reached));
			ps.setString(++i, user.now().region());
			ps.setString(++i, user.now().org());
			ps.setBoolean(++i, user.now().hidden());
			ps.setArray(++i,
					con.createArrayOf("text", instances.stream().map((p) -> p.period().id()).toArray(Object[]::new)));
			ps.setArray(++i, con.createArrayOf("date",
					instances.stream().map((p) -> java.sql.Date.valueOf(p.startDate())).toArray(Object[]::new)));
			ps.setShort(++i, (short) ScoreWrites.shard(userId));
			ps.setArray(++i, con.createArrayOf("text", scopes));
			ps.setBoolean(++i, user.now().hidden());
			ps.setString(++i, userId);
			ps.setString(++i, left.contains(Scope.ofRegion(before.region()).orElse(null)) ? before.region() : null);
			ps.setString(++i, left.contains(Scope.ofOrg(before.org()).orElse(null)) ? before.org() : null);
			return ps;
		}, (ResultSet rs) -> {
			PeriodInstance instance = byId.get(rs.getString(1) + "/" + rs.getObject(2, LocalDate.class));
			scores.add(new PeriodScore(instance, rs.getLong(3), instant(rs, 4)));
			outbox[0] = rs.getLong(5);
		});
		List<PeriodInstance> leftBoards = new ArrayList<>();
		for (Scope scope : left) {
			instances.forEach((i) -> leftBoards.add(i.in(scope)));
		}
		UserScores state = new UserScores(userId, user.version(), user.updatedAt(), scores, user.now(), leftBoards);
		return new Recorded(state, outbox[0], before);
	}

	private UserState upsertUser(String userId, Instant now, String region, String org) {
		List<UserState> updated = this.jdbc.query(UPDATE_USER,
				(rs, n) -> new UserState(rs.getLong(1), instant(rs, 2),
						new Membership(rs.getString(3), rs.getString(4), rs.getBoolean(5)),
						new Membership(rs.getString(6), rs.getString(7), rs.getBoolean(5))),
				timestamp(now), region, org, userId, userId);
		if (!updated.isEmpty()) {
			return updated.get(0);
		}
		List<UserState> inserted = this.jdbc.query(INSERT_USER,
				(rs, n) -> new UserState(rs.getLong(1), instant(rs, 2),
						new Membership(rs.getString(3), rs.getString(4), rs.getBoolean(5)), Membership.NONE),
				userId, timestamp(now), timestamp(now), region, org);
		if (!inserted.isEmpty()) {
			registerScopes(inserted.get(0).now());
			return inserted.get(0);
		}
		// created by a concurrent first update meanwhile: it is there now
		return upsertUser(userId, now, region, org);
	}

	private void move(String userId, Membership now, List<Scope> left, List<Scope> joined) {
		registerScopes(now);
		List<String> scopes = new ArrayList<>();
		List<Integer> deltas = new ArrayList<>();
		left.forEach((s) -> {
			scopes.add(BoardSql.sizeScope(s));
			deltas.add(-1);
		});
		joined.forEach((s) -> {
			scopes.add(BoardSql.sizeScope(s));
			deltas.add(1);
		});
		this.jdbc.update((con) -> {
			var ps = con.prepareStatement(MOVE_TOTALS);
			ps.setString(1, now.region());
			ps.setString(2, now.org());
			ps.setString(3, userId);
			ps.setShort(4, (short) ScoreWrites.shard(userId));
			ps.setArray(5, con.createArrayOf("text", scopes.toArray()));
			ps.setArray(6, con.createArrayOf("integer", deltas.toArray()));
			return ps;
		});
	}

	/**
	 * Remembers the user's scopes in the list of scopes (sync, warm-up, drift, reset).
	 */
	private void registerScopes(Membership membership) {
		for (Scope scope : membership.scopes()) {
			if (!scope.global()) {
				this.jdbc.update("insert into scopes (kind, name) values (?, ?) on conflict do nothing",
						scope.kind().id(), scope.name());
			}
		}
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
