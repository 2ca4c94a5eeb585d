package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;
import app.leaderboard.core.Membership;
import app.leaderboard.core.PeriodScore;
import app.leaderboard.core.UserScores;

/**
 * A batch's statements (call inside its transaction): the user rows with their scopes,
 * the totals, the board sizes of every board the users count on, and an outbox row per
 * user. Each is one statement for the whole batch, whatever its size, so that PostgreSQL
 * plans, runs and fires the histogram's triggers once per batch instead of once per
 * update: a user's several updates of one batch are summed first, and each update's own
 * answer is worked out from the sums. When an update moves its user to another region or
 * organisation, every total of the user (past periods too) moves with them and the sizes
 * of the boards they left and joined change, in the same transaction. It runs on the
 * update pool ({@link UpdateDatabase}).
 */
public class ScopedUpdates {

	/**
	 * Existing users, locked in user order (so that no two writers lock them crosswise),
	 * with their scopes before the batch. A null region or organisation keeps the old
	 * one.
	 */
	private static final String UPDATE_USERS = """
			update users u set version = nextval('user_versions'), updated_at = b.updated_at,
			    changed_at = clock_timestamp(), region = coalesce(b.region, old.region), org = coalesce(b.org, old.org)
			from unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[]) b(user_id, updated_at, region, org),
			    (select user_id, region, org from users where user_id = any(?::text[]) order by user_id for update) old
			where u.user_id = b.user_id and old.user_id = b.user_id
			returning u.user_id, u.version, u.region, u.org, u.hidden, old.region, old.org
			""";

	private static final String INSERT_USERS = """
			insert into users (user_id, version, created_at, updated_at, region, org)
			select user_id, nextval('user_versions'), created_at, updated_at, region, org
			from unnest(?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[])
			    b(user_id, created_at, updated_at, region, org)
			order by user_id
			on conflict (user_id) do nothing
			returning user_id, version, region, org, hidden
			""";

	/**
	 * In one order, so that two batches registering the same new scopes cannot deadlock.
	 */
	private static final String REGISTER_SCOPES = """
			insert into scopes (kind, name)
			select kind, name from unnest(?::text[], ?::text[]) s(kind, name) order by kind, name
			on conflict do nothing
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

	/**
	 * One row per user and period instance, its count the sum of the batch's updates. A
	 * new total counts one more member on each board of the user's scopes (as
	 * board_histogram_scopes lists them: none while hidden). Rows go in key order, for
	 * the same reason as the users'.
	 */
	private static final String ADD_TOTALS = """
			with b as (
			    select * from unnest(?::text[], ?::text[], ?::date[], ?::bigint[], ?::timestamptz[],
			        ?::text[], ?::text[], ?::boolean[], ?::smallint[])
			        b(user_id, period, period_start, count, reached_at, region, org, hidden, shard)
			), t as (
			    insert into period_totals (period, period_start, user_id, total, reached_at, region, org, hidden)
			    select period, period_start, user_id, count, reached_at, region, org, hidden from b
			    order by period, period_start, user_id
			    on conflict (period, period_start, user_id) do update
			        set total = period_totals.total + excluded.total, reached_at = excluded.reached_at
			    returning user_id, period, period_start, total, reached_at, region, org, hidden, (xmax = 0) as inserted
			), s as (
			    insert into board_sizes (period, period_start, scope, shard, members)
			    select t.period, t.period_start, sc.scope, b.shard, count(*)
			    from t join b using (user_id, period, period_start),
			        board_histogram_scopes(t.region, t.org, t.hidden) sc(scope)
			    where t.inserted
			    group by 1, 2, 3, 4
			    order by 1, 2, 3, 4
			    on conflict (period, period_start, scope, shard) do update set members = board_sizes.members + excluded.members
			), o as (
			    insert into outbox (user_id, left_region, left_org)
			    select * from unnest(?::text[], ?::text[], ?::text[]) order by 1
			    returning id, user_id
			)
			select t.user_id, t.period, t.period_start, t.total, o.id from t join o using (user_id)
			""";

	private final JdbcTemplate jdbc;

	public ScopedUpdates(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * One update of a batch: adds {@code count} to the user's totals of the given
	 * instances, creating the user and setting their region and organisation when given
	 * (null keeps them).
	 */
	public record Addition(String userId, long count, Instant now, Collection<PeriodInstance> instances,
			@Nullable String region, @Nullable String org) {
	}

	/**
	 * What an update committed: the user's state right after it, the outbox row of its
	 * user's batch, and the user's scopes before the batch.
	 */
	public record Recorded(UserScores scores, long outboxId, Membership before) {
	}

	/**
	 * A user's row after the batch; {@code created} by it, or moved from {@code before}.
	 */
	private record UserState(long version, Membership now, Membership before, boolean created) {

		boolean moved() {
			return !this.created && !this.now.scopes().equals(this.before.scopes());
		}

	}

	/** A user's final totals after the batch, by {@link #key}, and their outbox row. */
	private record UserTotals(Map<String, Long> totals, long outboxId) {
	}

	/**
	 * Adds the batch's updates, in order: a user's second update sees the first.
	 * @return what each update committed, in the order given
	 */
	public List<Recorded> addAll(List<Addition> additions) {
		Map<String, List<Addition>> byUser = new LinkedHashMap<>();
		additions.forEach((a) -> byUser.computeIfAbsent(a.userId(), (id) -> new ArrayList<>()).add(a));
		Map<String, UserState> users = upsertUsers(byUser);
		registerScopes(users.values());
		users.forEach((userId, user) -> {
			if (user.moved()) {
				move(userId, user);
			}
		});
		Map<String, UserTotals> totals = addTotals(byUser, users);
		// by identity: two updates may be equal (same user, count and millisecond)
		Map<Addition, Recorded> recorded = new IdentityHashMap<>();
		byUser.forEach((userId, own) -> answer(own, users.get(userId), totals.get(userId), recorded));
		return additions.stream().map(recorded::get).toList();
	}

	/**
	 * Each of one user's updates with the totals right after it: the batch's final total
	 * less what the user's later updates of the batch added to the same board.
	 */
	private static void answer(List<Addition> own, UserState user, UserTotals totals,
			Map<Addition, Recorded> recorded) {
		Set<PeriodInstance> instances = new LinkedHashSet<>();
		own.forEach((a) -> instances.addAll(a.instances()));
		List<PeriodInstance> leftBoards = new ArrayList<>();
		for (Scope scope : user.now().left(user.before())) {
			instances.forEach((i) -> leftBoards.add(i.in(scope)));
		}
		Map<String, Long> later = new HashMap<>();
		List<Recorded> answers = new ArrayList<>();
		for (int i = own.size() - 1; i >= 0; i--) {
			Addition addition = own.get(i);
			Instant reached = addition.now().truncatedTo(ChronoUnit.SECONDS);
			List<PeriodScore> scores = new ArrayList<>();
			for (PeriodInstance instance : addition.instances()) {
				long total = totals.totals().get(key(instance)) - later.getOrDefault(key(instance), 0L);
				scores.add(new PeriodScore(instance, total, reached));
			}
			if (i == own.size() - 1) {
				// the state Redis gets: also the boards only earlier updates of the batch
				// were on (a batch that spans midnight has two daily boards)
				scores.addAll(onlyEarlier(own, totals));
			}
			addition.instances().forEach((instance) -> later.merge(key(instance), addition.count(), Long::sum));
			UserScores state = new UserScores(addition.userId(), user.version(), addition.now(), scores,
					membershipAfter(own, i, user), leftBoards);
			answers.add(0, new Recorded(state, totals.outboxId(), user.before()));
		}
		for (int i = 0; i < own.size(); i++) {
			recorded.put(own.get(i), answers.get(i));
		}
	}

	/**
	 * The user's final totals on the boards that the batch's earlier updates were on and
	 * its last one is not, each reached when the last update on it was made.
	 */
	private static List<PeriodScore> onlyEarlier(List<Addition> own, UserTotals totals) {
		Addition last = own.get(own.size() - 1);
		Map<PeriodInstance, Instant> reached = new LinkedHashMap<>();
		for (Addition addition : own.subList(0, own.size() - 1)) {
			addition.instances()
				.stream()
				.filter((instance) -> !last.instances().contains(instance))
				.forEach((instance) -> reached.put(instance, addition.now().truncatedTo(ChronoUnit.SECONDS)));
		}
		List<PeriodScore> scores = new ArrayList<>();
		reached
			.forEach((instance, at) -> scores.add(new PeriodScore(instance, totals.totals().get(key(instance)), at)));
		return scores;
	}

	/** The user's scopes right after their {@code index}th update of the batch. */
	private static Membership membershipAfter(List<Addition> own, int index, UserState user) {
		if (index == own.size() - 1) {
			return user.now();
		}
		String region = named(own, index, Addition::region);
		String org = named(own, index, Addition::org);
		return new Membership((region != null) ? region : user.before().region(),
				(org != null) ? org : user.before().org(), user.now().hidden());
	}

	/**
	 * The last region (or organisation) that the user's updates up to {@code index} name;
	 * null when none does (the user keeps theirs).
	 */
	private static @Nullable String named(List<Addition> own, int index, Function<Addition, @Nullable String> field) {
		String named = null;
		for (int i = 0; i <= index; i++) {
			named = (field.apply(own.get(i)) != null) ? field.apply(own.get(i)) : named;
		}
		return named;
	}

	/**
	 * Updates the batch's existing users and creates the others; a user created meanwhile
	 * by another writer is updated on the next round.
	 */
	private Map<String, UserState> upsertUsers(Map<String, List<Addition>> byUser) {
		Map<String, UserState> users = new HashMap<>();
		List<String> missing = new ArrayList<>(byUser.keySet());
		while (!missing.isEmpty()) {
			users.putAll(updateUsers(missing, byUser));
			missing.removeAll(users.keySet());
			if (!missing.isEmpty()) {
				users.putAll(insertUsers(missing, byUser));
				missing.removeAll(users.keySet());
			}
		}
		return users;
	}

	private Map<String, UserState> updateUsers(List<String> userIds, Map<String, List<Addition>> byUser) {
		Map<String, UserState> updated = new HashMap<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(UPDATE_USERS);
			ps.setArray(1, texts(con, userIds));
			ps.setArray(2, perUser(con, userIds, byUser, (own) -> last(own).now().toString()));
			ps.setArray(3, perUser(con, userIds, byUser, (own) -> named(own, own.size() - 1, Addition::region)));
			ps.setArray(4, perUser(con, userIds, byUser, (own) -> named(own, own.size() - 1, Addition::org)));
			ps.setArray(5, texts(con, userIds));
			return ps;
		}, (ResultSet rs) -> {
			boolean hidden = rs.getBoolean(5);
			updated.put(rs.getString(1),
					new UserState(rs.getLong(2), new Membership(rs.getString(3), rs.getString(4), hidden),
							new Membership(rs.getString(6), rs.getString(7), hidden), false));
		});
		return updated;
	}

	private Map<String, UserState> insertUsers(List<String> userIds, Map<String, List<Addition>> byUser) {
		Map<String, UserState> inserted = new HashMap<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(INSERT_USERS);
			ps.setArray(1, texts(con, userIds));
			ps.setArray(2, perUser(con, userIds, byUser, (own) -> own.get(0).now().toString()));
			ps.setArray(3, perUser(con, userIds, byUser, (own) -> last(own).now().toString()));
			ps.setArray(4, perUser(con, userIds, byUser, (own) -> named(own, own.size() - 1, Addition::region)));
			ps.setArray(5, perUser(con, userIds, byUser, (own) -> named(own, own.size() - 1, Addition::org)));
			return ps;
		}, (ResultSet rs) -> {
			inserted.put(rs.getString(1), new UserState(rs.getLong(2),
					new Membership(rs.getString(3), rs.getString(4), rs.getBoolean(5)), Membership.NONE, true));
		});
		return inserted;
	}

	/**
	 * Remembers the scopes of the batch's new and moved users in the list of scopes
	 * (sync, warm-up, drift, reset).
	 */
	private void registerScopes(Collection<UserState> users) {
		Set<Scope> scopes = new TreeSet<>(Comparator.comparing((Scope s) -> s.kind().id()).thenComparing(Scope::name));
		for (UserState user : users) {
			if (user.created() || user.moved()) {
				user.now().scopes().stream().filter((s) -> !s.global()).forEach(scopes::add);
			}
		}
		if (scopes.isEmpty()) {
			return;
		}
		this.jdbc.update((con) -> {
			var ps = con.prepareStatement(REGISTER_SCOPES);
			ps.setArray(1, texts(con, scopes.stream().map((s) -> s.kind().id()).toList()));
			ps.setArray(2, texts(con, scopes.stream().map(Scope::name).toList()));
			return ps;
		});
	}

	private void move(String userId, UserState user) {
		List<String> scopes = new ArrayList<>();
		List<Integer> deltas = new ArrayList<>();
		user.now().left(user.before()).forEach((s) -> {
			scopes.add(BoardSql.sizeScope(s));
			deltas.add(-1);
		});
		user.before().left(user.now()).forEach((s) -> {
			scopes.add(BoardSql.sizeScope(s));
			deltas.add(1);
		});
		this.jdbc.update((con) -> {
			var ps = con.prepareStatement(MOVE_TOTALS);
			ps.setString(1, user.now().region());
			ps.setString(2, user.now().org());
			ps.setString(3, userId);
			ps.setShort(4, (short) ScoreWrites.shard(userId));
			ps.setArray(5, con.createArrayOf("text", scopes.toArray()));
			ps.setArray(6, con.createArrayOf("integer", deltas.toArray()));
			return ps;
		});
	}

	/**
	 * Adds every user's summed counts in one statement, with an outbox row per user that
	 * names the scopes the user left in this batch.
	 */
	private Map<String, UserTotals> addTotals(Map<String, List<Addition>> byUser, Map<String, UserState> users) {
		Rows rows = new Rows();
		byUser.forEach((userId, own) -> {
			UserState user = users.get(userId);
			Map<String, Addition> lastPerInstance = new LinkedHashMap<>();
			Map<String, Long> counts = new HashMap<>();
			Map<String, PeriodInstance> instances = new HashMap<>();
			for (Addition addition : own) {
				for (PeriodInstance instance : addition.instances()) {
					String key = key(instance);
					lastPerInstance.remove(key);
					lastPerInstance.put(key, addition);
					counts.merge(key, addition.count(), Long::sum);
					instances.put(key, instance);
				}
			}
			lastPerInstance.forEach((key, last) -> rows.total(userId, instances.get(key), counts.get(key),
					last.now().truncatedTo(ChronoUnit.SECONDS), user.now()));
			List<Scope> left = user.now().left(user.before());
			rows.outbox(userId,
					left.contains(Scope.ofRegion(user.before().region()).orElse(null)) ? user.before().region() : null,
					left.contains(Scope.ofOrg(user.before().org()).orElse(null)) ? user.before().org() : null);
		});
		Map<String, Map<String, Long>> totals = new HashMap<>();
		Map<String, Long> outbox = new HashMap<>();
		this.jdbc.query(rows::statement, (ResultSet rs) -> {
			String userId = rs.getString(1);
			totals.computeIfAbsent(userId, (id) -> new HashMap<>())
				.put(key(rs.getString(2), rs.getObject(3, LocalDate.class)), rs.getLong(4));
			outbox.put(userId, rs.getLong(5));
		});
		Map<String, UserTotals> byUserTotals = new HashMap<>();
		totals.forEach((userId, own) -> byUserTotals.put(userId, new UserTotals(own, outbox.get(userId))));
		return byUserTotals;
	}

	/** The columns of {@link #ADD_TOTALS}, a row at a time. */
	private static final class Rows {

		private final List<String> userIds = new ArrayList<>();

		private final List<String> periods = new ArrayList<>();

		private final List<java.sql.Date> starts = new ArrayList<>();

		private final List<Long> counts = new ArrayList<>();

		private final List<String> reached = new ArrayList<>();

		private final List<String> regions = new ArrayList<>();

		private final List<String> orgs = new ArrayList<>();

		private final List<Boolean> hidden = new ArrayList<>();

		private final List<Short> shards = new ArrayList<>();

		private final List<String> outboxUsers = new ArrayList<>();

		private final List<String> leftRegions = new ArrayList<>();

		private final List<String> leftOrgs = new ArrayList<>();

		void total(String userId, PeriodInstance instance, long count, Instant reachedAt, Membership membership) {
			this.userIds.add(userId);
			this.periods.add(instance.period().id());
			this.starts.add(java.sql.Date.valueOf(instance.startDate()));
			this.counts.add(count);
			this.reached.add(reachedAt.toString());
			this.regions.add(membership.region());
			this.orgs.add(membership.org());
			this.hidden.add(membership.hidden());
			this.shards.add((short) ScoreWrites.shard(userId));
		}

		void outbox(String userId, @Nullable String leftRegion, @Nullable String leftOrg) {
			this.outboxUsers.add(userId);
			this.leftRegions.add(leftRegion);
			this.leftOrgs.add(leftOrg);
		}

		java.sql.PreparedStatement statement(Connection con) throws SQLException {
			var ps = con.prepareStatement(ADD_TOTALS);
			int i = 0;
			ps.setArray(++i, texts(con, this.userIds));
			ps.setArray(++i, texts(con, this.periods));
			ps.setArray(++i, con.createArrayOf("date", this.starts.toArray()));
			ps.setArray(++i, con.createArrayOf("bigint", this.counts.toArray()));
			ps.setArray(++i, texts(con, this.reached));
			ps.setArray(++i, texts(con, this.regions));
			ps.setArray(++i, texts(con, this.orgs));
			ps.setArray(++i, con.createArrayOf("boolean", this.hidden.toArray()));
			ps.setArray(++i, con.createArrayOf("smallint", this.shards.toArray()));
			ps.setArray(++i, texts(con, this.outboxUsers));
			ps.setArray(++i, texts(con, this.leftRegions));
			ps.setArray(++i, texts(con, this.leftOrgs));
			return ps;
		}

	}

	private static java.sql.Array texts(Connection con, List<String> values) throws SQLException {
		return con.createArrayOf("text", values.toArray());
	}

	/** A text column with one value per user, worked out from the user's updates. */
	private static java.sql.Array perUser(Connection con, List<String> userIds, Map<String, List<Addition>> byUser,
			Function<List<Addition>, @Nullable String> value) throws SQLException {
		return texts(con, userIds.stream().map((id) -> value.apply(byUser.get(id))).toList());
	}

	private static Addition last(List<Addition> own) {
		return own.get(own.size() - 1);
	}

	private static String key(PeriodInstance instance) {
		return key(instance.period().id(), instance.startDate());
	}

	private static String key(String period, LocalDate start) {
		return period + "/" + start;
	}

}
