package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.PeriodScore;
import app.leaderboard.store.postgres.BatchAnswers.UserState;
import app.leaderboard.store.postgres.ScopedUpdates.Addition;

/**
 * The moves of a batch (call inside its transaction, after the users, before the totals):
 * every total of each user who changed region or organisation (past periods too) goes to
 * their new scopes in one statement, with two results. The board-size changes (minus one
 * on each board of a scope left, plus one on each board of a scope joined) are not
 * written here but handed to {@link ScopedUpdates}' one board-size statement, so that a
 * batch locks its board-size rows in one pass, in one order. And the movers' totals on
 * the boards that just ended, read under the user's lock: Redis serves those boards too,
 * and the update's Redis write moves the user there as well. Part of
 * {@link ScopedUpdates}.
 */
final class BatchMoves {

	/**
	 * The movers' totals, locked in key order (period, start, user), each batch the same
	 * way; a user's rows are only written under the user's row lock anyway.
	 */
	private static final String MOVE_TOTALS = """
			with m as (
			    select * from unnest(?::text[], ?::text[], ?::text[]) m(user_id, region, org)
			), locked as materialized (
			    select period, period_start, user_id from period_totals where user_id = any(?::text[])
			    order by period, period_start, user_id for update
			)
			update period_totals p set region = m.region, org = m.org
			from locked l join m using (user_id)
			where p.period = l.period and p.period_start = l.period_start and p.user_id = l.user_id
			returning p.user_id, p.period, p.period_start, p.total, p.reached_at, p.hidden
			""";

	private final JdbcTemplate jdbc;

	BatchMoves(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A change of one board-size row: the board by period, start and scope (as
	 * board_sizes names it), and the shard.
	 */
	record SizeRow(String period, LocalDate start, String scope, short shard) implements Comparable<SizeRow> {

		@Override
		public int compareTo(SizeRow other) {
			int byPeriod = this.period.compareTo(other.period);
			if (byPeriod != 0) {
				return byPeriod;
			}
			int byStart = this.start.compareTo(other.start);
			if (byStart != 0) {
				return byStart;
			}
			int byScope = this.scope.compareTo(other.scope);
			return (byScope != 0) ? byScope : Short.compare(this.shard, other.shard);
		}

	}

	/**
	 * What the batch's moves did: the board-size changes, and each mover's totals on the
	 * boards that just ended.
	 */
	record Moved(Map<SizeRow, Long> sizes, Map<String, List<PeriodScore>> ended) {

		static final Moved NONE = new Moved(Map.of(), Map.of());

	}

	/** Moves every total of the batch's movers to their new scopes. */
	Moved move(Map<String, List<Addition>> byUser, Map<String, UserState> users) {
		List<String> movers = users.entrySet()
			.stream()
			.filter((user) -> user.getValue().moved())
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		if (movers.isEmpty()) {
			return Moved.NONE;
		}
		Map<SizeRow, Long> sizes = new TreeMap<>();
		Map<String, List<PeriodScore>> ended = new HashMap<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(MOVE_TOTALS);
			ps.setArray(1, ScopedUpdates.texts(con, movers));
			ps.setArray(2,
					ScopedUpdates.texts(con, movers.stream().map((id) -> users.get(id).now().region()).toList()));
			ps.setArray(3, ScopedUpdates.texts(con, movers.stream().map((id) -> users.get(id).now().org()).toList()));
			ps.setArray(4, ScopedUpdates.texts(con, movers));
			return ps;
		}, (ResultSet rs) -> {
			String userId = rs.getString(1);
			String period = rs.getString(2);
			LocalDate start = rs.getObject(3, LocalDate.class);
			if (!rs.getBoolean(6)) {
				sizeChanges(userId, users.get(userId), period, start)
					.forEach((row, delta) -> sizes.merge(row, delta, Long::sum));
			}
			PeriodInstance instance = endedInstance(byUser.get(userId), period, start);
			if (instance != null) {
				Instant reachedAt = Objects.requireNonNull(SqlValues.instant(rs, 5));
				ended.computeIfAbsent(userId, (id) -> new ArrayList<>())
					.add(new PeriodScore(instance, rs.getLong(4), reachedAt));
			}
		});
		return new Moved(sizes, ended);
	}

	/**
	 * One total's move: minus one on the board of each scope the user left, plus one on
	 * the board of each scope they joined.
	 */
	private static Map<SizeRow, Long> sizeChanges(String userId, UserState user, String period, LocalDate start) {
		Map<SizeRow, Long> changes = new HashMap<>();
		short shard = (short) ScoreWrites.shard(userId);
		user.now()
			.left(user.before())
			.forEach((s) -> changes.put(new SizeRow(period, start, BoardSql.sizeScope(s), shard), -1L));
		user.before()
			.left(user.now())
			.forEach((s) -> changes.put(new SizeRow(period, start, BoardSql.sizeScope(s), shard), 1L));
		return changes;
	}

	/** The board that just ended that the total is on, if the user's updates name it. */
	private static @Nullable PeriodInstance endedInstance(List<Addition> own, String period, LocalDate start) {
		String key = BatchAnswers.key(period, start);
		for (Addition addition : own) {
			for (PeriodInstance instance : addition.ended()) {
				if (BatchAnswers.key(instance).equals(key)) {
					return instance;
				}
			}
		}
		return null;
	}

}
