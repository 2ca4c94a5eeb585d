package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.core.Membership;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BatchAnswers.UserState;
import app.leaderboard.store.postgres.BatchAnswers.UserTotals;

/**
 * A batch's statements (call inside its transaction): the user rows with their scopes,
 * the totals, the board sizes of every board the users count on, and an outbox row per
 * user. Each is one statement for the whole batch, whatever its size, so that PostgreSQL
 * plans, runs and fires the histogram's triggers once per batch instead of once per
 * update: a user's several updates of one batch are summed first, and each update's own
 * answer is worked out from the sums ({@link BatchAnswers}); the user rows are
 * {@link BatchUsers}'. When an update moves its user to another region or organisation,
 * every total of the user (past periods too) moves with them and the sizes of the boards
 * they left and joined change, in the same transaction ({@link BatchMoves}). Every row
 * lock a batch takes comes in one order: users by id, then board sizes by board and shard
 * (a user's totals only under the user's lock). It runs on the update pool
 * ({@link UpdateDatabase}).
 */
public class ScopedUpdates {

	/**
	 * One row per user and period instance, its count the sum of the batch's updates. A
	 * new total counts one more member on each board of the user's scopes (as
	 * board_histogram_scopes lists them: none while hidden), and the batch's moves change
	 * the sizes of the boards their users left and joined ({@link BatchMoves}): all of it
	 * in one pass over board_sizes, in key order, so that two batches (of any instances)
	 * lock those rows in the same order and cannot deadlock on them. The totals go in key
	 * order too.
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
			    select period, period_start, scope, shard, sum(members) from (
			        select t.period, t.period_start, sc.scope, b.shard, 1::bigint as members
			        from t join b using (user_id, period, period_start),
			            board_histogram_scopes(t.region, t.org, t.hidden) sc(scope)
			        where t.inserted
			        union all
			        select * from unnest(?::text[], ?::date[], ?::text[], ?::smallint[], ?::bigint[])
			    ) changed(period, period_start, scope, shard, members)
			    group by 1, 2, 3, 4
			    having sum(members) <> 0
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

	private final BatchUsers users;

	private final BatchMoves moves;

	private final LeagueJoins leagues;

	private final String leaguePeriod;

	/** {@code apart} runs work in a transaction of its own, beside the batch's. */
	public ScopedUpdates(JdbcTemplate jdbc, LeagueProperties league, TransactionTemplate apart) {
		this.jdbc = jdbc;
		this.users = new BatchUsers(jdbc);
		this.moves = new BatchMoves(jdbc);
		this.leagues = new LeagueJoins(jdbc, league, apart);
		this.leaguePeriod = league.period();
	}

	/**
	 * One update of a batch: adds {@code count} to the user's totals of the given
	 * instances, creating the user and setting their region and organisation when given
	 * (null keeps them). {@code ended} are the boards that just ended (the previous
	 * instance of each): Redis serves them too, so a move takes the user's totals there
	 * along. {@code displayName} sets the user's name (null keeps it); the update's day
	 * counts for the user's streak.
	 */
	public record Addition(String userId, long count, Instant now, Collection<PeriodInstance> instances,
			@Nullable String region, @Nullable String org, Collection<PeriodInstance> ended,
			@Nullable String displayName) {

		public Addition(String userId, long count, Instant now, Collection<PeriodInstance> instances,
				@Nullable String region, @Nullable String org, Collection<PeriodInstance> ended) {
			this(userId, count, now, instances, region, org, ended, null);
		}

		/** The day the update counts for its user's streak: its daily board's. */
		LocalDate day() {
			return this.instances.stream()
				.filter((instance) -> instance.period() == Period.DAILY)
				.findFirst()
				.orElseThrow()
				.startDate();
		}

	}

	/**
	 * What an update committed: the user's state right after it, the outbox row of its
	 * user's batch, the user's scopes before the batch, and the league groups the user
	 * joined with it (their cached listings are stale once it commits).
	 */
	public record Recorded(UserScores scores, long outboxId, Membership before, List<LeagueJoins.Joined> joined) {
	}

	/**
	 * Adds the batch's updates, in order: a user's second update sees the first.
	 * @return what each update committed, in the order given
	 */
	public List<Recorded> addAll(List<Addition> additions) {
		Map<String, List<Addition>> byUser = BatchAnswers.byUser(additions);
		Map<String, UserState> users = this.users.upsert(byUser);
		this.users.registerScopes(users.values());
		BatchMoves.Moved moved = this.moves.move(byUser, users);
		List<Recorded> recorded = BatchAnswers.answers(additions, users, addTotals(byUser, users, moved));
		return this.leagues.join(leagueCandidates(additions, users), recorded);
	}

	/**
	 * The users who join a league season with this batch unless they have already: those
	 * not hidden after it, in the season of each of their updates.
	 */
	private Set<LeagueJoins.Candidate> leagueCandidates(List<Addition> additions, Map<String, UserState> users) {
		Set<LeagueJoins.Candidate> candidates = new LinkedHashSet<>();
		for (Addition addition : additions) {
			if (users.get(addition.userId()).now().hidden()) {
				continue;
			}
			addition.instances()
				.stream()
				.filter((instance) -> instance.period().id().equals(this.leaguePeriod))
				.forEach((season) -> candidates.add(new LeagueJoins.Candidate(addition.userId(), season)));
		}
		return candidates;
	}

	/**
	 * Adds every user's summed counts in one statement, with the board-size changes of
	 * the batch's moves and an outbox row per user that names the scopes the user left in
	 * this batch.
	 */
	private Map<String, UserTotals> addTotals(Map<String, List<Addition>> byUser, Map<String, UserState> users,
			BatchMoves.Moved moved) {
		Rows rows = new Rows();
		moved.sizes().forEach(rows::size);
		byUser.forEach((userId, own) -> {
			UserState user = users.get(userId);
			BatchAnswers.sums(own)
				.forEach((sum) -> rows.total(userId, sum.instance(), sum.count(), sum.reachedAt(), user.now()));
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
				.put(BatchAnswers.key(rs.getString(2), rs.getObject(3, LocalDate.class)), rs.getLong(4));
			outbox.put(userId, rs.getLong(5));
		});
		Map<String, UserTotals> byUserTotals = new HashMap<>();
		totals.forEach((userId, own) -> byUserTotals.put(userId,
				new UserTotals(own, outbox.get(userId), moved.ended().getOrDefault(userId, List.of()))));
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

		private final List<String> sizePeriods = new ArrayList<>();

		private final List<java.sql.Date> sizeStarts = new ArrayList<>();

		private final List<String> sizeScopes = new ArrayList<>();

		private final List<Short> sizeShards = new ArrayList<>();

		private final List<Long> sizeDeltas = new ArrayList<>();

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

		void size(BatchMoves.SizeRow row, long delta) {
			this.sizePeriods.add(row.period());
			this.sizeStarts.add(java.sql.Date.valueOf(row.start()));
			this.sizeScopes.add(row.scope());
			this.sizeShards.add(row.shard());
			this.sizeDeltas.add(delta);
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
			ps.setArray(++i, texts(con, this.sizePeriods));
			ps.setArray(++i, con.createArrayOf("date", this.sizeStarts.toArray()));
			ps.setArray(++i, texts(con, this.sizeScopes));
			ps.setArray(++i, con.createArrayOf("smallint", this.sizeShards.toArray()));
			ps.setArray(++i, con.createArrayOf("bigint", this.sizeDeltas.toArray()));
			ps.setArray(++i, texts(con, this.outboxUsers));
			ps.setArray(++i, texts(con, this.leftRegions));
			ps.setArray(++i, texts(con, this.leftOrgs));
			return ps;
		}

	}

	static java.sql.Array texts(Connection con, List<? extends @Nullable String> values) throws SQLException {
		return con.createArrayOf("text", values.toArray());
	}

}
