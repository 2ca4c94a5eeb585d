package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
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
 * then the totals with the board sizes of every board the users count on, the board
 * histogram and the batch's outbox row. Each is one statement for the whole batch,
 * whatever its size, so that PostgreSQL plans and runs it once per batch instead of once
 * per update: a user's several updates of one batch are summed first, and each update's
 * own answer is worked out from the sums ({@link BatchAnswers}); the user rows are
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
	 * <p>
	 * The board histogram's changes are counted here too, from the totals the statement
	 * returns: +1 at each new total, -1 at the total before (the new one less the batch's
	 * count) when the row existed, on each board of the user's scopes, in the
	 * connection's own slot (V1_11). The last CTE stamps the transaction with the
	 * statement's start so that the histogram's triggers skip this one statement (V1_72);
	 * they still count every other writer. The outbox gets one row for the batch's users
	 * ({@code user_ids}) and one of their own for those who left a scope in the batch.
	 */
	static final String ADD_TOTALS = """
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
			), h as (
			    insert into board_histogram (period, period_start, scope, total, slot, members)
			    select period, period_start, scope, total, pg_backend_pid(), sum(delta) from (
			        select t.period, t.period_start, sc.scope, t.total, 1::bigint as delta
			        from t, board_histogram_scopes(t.region, t.org, t.hidden) sc(scope)
			        union all
			        select t.period, t.period_start, sc.scope, t.total - b.count, -1::bigint
			        from t join b using (user_id, period, period_start),
			            board_histogram_scopes(t.region, t.org, t.hidden) sc(scope)
			        where not t.inserted
			    ) changed(period, period_start, scope, total, delta)
			    group by 1, 2, 3, 4
			    having sum(delta) <> 0
			    order by 1, 2, 3, 4
			    on conflict (period, period_start, scope, total, slot) do update
			        set members = board_histogram.members + excluded.members
			), o as (
			    insert into outbox (user_id, user_ids, left_region, left_org)
			    select null, array_agg(user_id order by user_id), null, null from unnest(?::text[]) u(user_id)
			    having count(*) > 0
			    union all
			    select * from (select user_id, null::text[], left_region, left_org
			        from unnest(?::text[], ?::text[], ?::text[]) m(user_id, left_region, left_org) order by 1) movers
			    returning id, user_id
			), counted as materialized (
			    select set_config('leaderboard.histogram_counted_at', statement_timestamp()::text, true)
			)
			select t.user_id, t.period, t.period_start, t.total, coalesce(own.id, batch.id)
			from counted, t
			left join o own on own.user_id = t.user_id
			left join o batch on batch.user_id is null
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
	 * the batch's moves, the histogram's changes, and the outbox rows: one for the batch,
	 * one of their own for the users who left a scope in this batch (naming it).
	 */
	private Map<String, UserTotals> addTotals(Map<String, List<Addition>> byUser, Map<String, UserState> users,
			BatchMoves.Moved moved) {
		BatchTotalsRows rows = new BatchTotalsRows();
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

	static java.sql.Array texts(Connection con, List<? extends @Nullable String> values) throws SQLException {
		return con.createArrayOf("text", values.toArray());
	}

}
