package app.leaderboard.store.postgres;

import static app.leaderboard.store.postgres.SqlValues.instant;
import static app.leaderboard.store.postgres.SqlValues.instantOf;
import static app.leaderboard.store.postgres.SqlValues.longOf;

import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.Membership;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.PeriodScore;
import app.leaderboard.core.Profile;
import app.leaderboard.core.Scope;
import app.leaderboard.core.UserScores;

/**
 * Reads of boards and users: the fallback while Redis is down, the source of cache
 * writes, and the drift check's truth. Each statement that serves a read is an index
 * lookup or a range of the board index, never a scan of a board; the constants are
 * package-private so that {@code ExplainPlanTests} EXPLAINs the very statements the
 * service runs (docs/explain.md).
 */
@Repository
public class BoardQueries {

	/**
	 * With the version of the erasure the id was recorded anew after, if any (V1_21): its
	 * writes replace what Redis may still hold of the erased user. A lookup of the
	 * tombstone's primary key per row, never a scan of the tombstones.
	 */
	static final String USER_SCORES = """
			select u.user_id, u.version, u.updated_at, t.period, t.period_start, t.total, t.reached_at,
			    u.region, u.org, u.hidden,
			    coalesce((select e.version from erasures e where e.digest = user_digest(u.user_id)), 0),
			    u.display_name, u.streak_run, u.streak_longest, u.streak_last_day
			from users u
			left join period_totals t on t.user_id = u.user_id
			    and (t.period, t.period_start) in (select * from unnest(?::text[], ?::date[]))
			where u.user_id = any(?)
			""";

	/**
	 * A page of the global board in display order: the board index, read in order. The
	 * statements of scoped boards are {@link BoardSql}'s.
	 */
	static final String PAGE = BoardSql.page(Scope.GLOBAL);

	/**
	 * Users with a strictly higher total: a sum over the board's histogram (V1_11), one
	 * row per distinct total above and writer, never a count of users.
	 */
	static final String COUNT_ABOVE = BoardSql.COUNT_ABOVE;

	/** A board's size from its counter rows: a lookup, never a count of the board. */
	static final String MEMBERS = BoardSql.MEMBERS;

	static final String TOTAL = BoardSql.total(Scope.GLOBAL);

	static final String STANDING = BoardSql.standing(Scope.GLOBAL);

	private static final String USER_EXISTS = "select 1 from users where user_id = ?";

	private static final String USER_COUNT = "select count(*) from users";

	/**
	 * A Bernoulli sample of the table reads a fraction of the rows instead of sorting.
	 */
	private static final String SAMPLE_USER_IDS = "select user_id from users tablesample bernoulli (?) repeatable (42) limit ?";

	private final JdbcTemplate jdbc;

	public BoardQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

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
			UserScores user = users.computeIfAbsent(userId, (id) -> new UserScores(id, longOf(rs, 2), instantOf(rs, 3),
					new ArrayList<>(), membership(rs), List.of(), longOf(rs, 11), profile(rs)));
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
		return this.jdbc.queryForObject(COUNT_ABOVE, Long.class, BoardSql.histogramArgs(instance, total));
	}

	public long members(PeriodInstance instance) {
		return this.jdbc.queryForObject(MEMBERS, Long.class, instance.period().id(), instance.startDate(),
				BoardSql.sizeScope(instance.scope()));
	}

	/**
	 * The members of each region and organisation board of a period instance that has any
	 * ({@link BoardSql#SCOPED_MEMBERS}); scopes without members are left out.
	 */
	public Map<Scope, Long> scopedMembers(PeriodInstance global) {
		Map<Scope, Long> members = new LinkedHashMap<>();
		this.jdbc.query(BoardSql.SCOPED_MEMBERS, (ResultSet rs) -> {
			members.put(BoardSql.ofSizeScope(rs.getString(1)), rs.getLong(2));
		}, global.period().id(), global.startDate());
		return members;
	}

	/** A user's total on a board (empty when not on it), the users above it, its size. */
	public record Standing(OptionalLong total, long above, long members) {
	}

	/** A user's standing, in one statement ({@link BoardSql#standing}). */
	public Standing standing(PeriodInstance instance, String userId) {
		return this.jdbc.queryForObject(BoardSql.standing(instance.scope()), (rs, n) -> {
			long total = rs.getLong(1);
			return new Standing(rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(total), rs.getLong(2),
					rs.getLong(3));
		}, BoardSql.standingArgs(instance, userId));
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

	private static Membership membership(ResultSet rs) {
		try {
			return new Membership(rs.getString(8), rs.getString(9), rs.getBoolean(10));
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Profile profile(ResultSet rs) {
		try {
			return ProfileColumns.read(rs, 12);
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public boolean userExists(String userId) {
		return !this.jdbc.queryForList(USER_EXISTS, Integer.class, userId).isEmpty();
	}

	public long userCount() {
		return this.jdbc.queryForObject(USER_COUNT, Long.class);
	}

	/** About {@code count} user ids picked at random (for load tests). */
	public List<String> sampleUserIds(int count) {
		long users = userCount();
		if (users == 0) {
			return List.of();
		}
		double percent = Math.min(100.0, 100.0 * 2 * count / users);
		return this.jdbc.queryForList(SAMPLE_USER_IDS, String.class, percent, count);
	}

}
