package app.leaderboard.store.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;

/**
 * The PostgreSQL side of the reads relative to users (around a user, a friends list, a
 * user's history), for boards Redis does not hold: past ones and the fallback. Every
 * statement is a lookup or a range of an index (ExplainPlanTests).
 */
@Repository
public class StandingQueries {

	/** One user's row on one board: the primary key. */
	static final String STANDING = standing(Scope.GLOBAL);

	/**
	 * Users tied with a total who reached it before the given user: a range of the board
	 * index inside the tie, so a user's position is this plus the users above the total.
	 */
	static final String TIED_BEFORE = tiedBefore(Scope.GLOBAL);

	/** Several users' rows on one board: primary key lookups. */
	static final String ROWS_OF = rowsOf(Scope.GLOBAL);

	/**
	 * Users above each of a few totals: per total, a sum over the board's histogram above
	 * it ({@link BoardSql#ABOVE_EACH}).
	 */
	static final String ABOVE_EACH = BoardSql.ABOVE_EACH;

	// the same on a region's or an organisation's board ({@link BoardSql#board}: hidden
	// users are on none)

	static String standing(Scope scope) {
		return "select total, reached_at from period_totals where " + BoardSql.board(scope) + " and user_id = ?";
	}

	/**
	 * Which of the ids are users on a board of the scope (with a total there or not):
	 * primary key lookups; hidden users are on none.
	 */
	static String known(Scope scope) {
		return "select user_id from users where user_id = any(?)" + BoardSql.scoped(scope) + " and not hidden";
	}

	static String tiedBefore(Scope scope) {
		return "select count(*) from period_totals where " + BoardSql.board(scope)
				+ " and total = ? and (reached_at, user_id) < (?, ?)";
	}

	static String rowsOf(Scope scope) {
		return "select user_id, total, reached_at from period_totals where " + BoardSql.board(scope)
				+ " and user_id = any(?)";
	}

	/** Which of the given ids are users, hidden ones left out (they are on no board). */
	static final String KNOWN = known(Scope.GLOBAL);

	/**
	 * A user's totals on the boards starting on the given dates: one primary key descent
	 * per date, never a range of every user's rows.
	 */
	static final String HISTORY = "select period_start, total from period_totals "
			+ "where period = ? and period_start = any(?::date[]) and user_id = ?";

	private final JdbcTemplate jdbc;

	public StandingQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The user's row on one board: none when they have no score, are hidden or elsewhere.
	 */
	public Optional<BoardRow> row(PeriodInstance instance, String userId) {
		List<BoardRow> rows = this.jdbc.query(standing(instance.scope()),
				(rs, n) -> new BoardRow(userId, rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()),
				BoardSql.args(instance, userId));
		return rows.stream().findFirst();
	}

	/** The 0-based position of a user's row in board order. */
	public long position(PeriodInstance instance, BoardRow row, long above) {
		return above + this.jdbc.queryForObject(tiedBefore(instance.scope()), Long.class, BoardSql.args(instance,
				row.total(), OffsetDateTime.ofInstant(row.reachedAt(), ZoneOffset.UTC), row.userId()));
	}

	/** The rows of the given users on one board (users without one are absent). */
	public List<BoardRow> rows(PeriodInstance instance, Collection<String> userIds) {
		return this.jdbc.query((con) -> {
			var ps = con.prepareStatement(rowsOf(instance.scope()));
			int p = bind(ps, instance);
			ps.setArray(p, con.createArrayOf("text", userIds.toArray()));
			return ps;
		}, (rs, n) -> new BoardRow(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
	}

	/** For each given total, the users with a strictly higher one. */
	public Map<Long, Long> aboveEach(PeriodInstance instance, Collection<Long> totals) {
		Map<Long, Long> above = new HashMap<>();
		if (totals.isEmpty()) {
			return above;
		}
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(ABOVE_EACH);
			Object[] args = BoardSql.histogramArgs(instance);
			for (int i = 0; i < args.length; i++) {
				ps.setObject(i + 1, args[i]);
			}
			ps.setArray(args.length + 1, con.createArrayOf("bigint", totals.toArray()));
			return ps;
		}, (ResultSet rs) -> {
			above.put(rs.getLong(1), rs.getLong(2));
		});
		return above;
	}

	/** Binds the arguments that pick the board; returns the next parameter's index. */
	private static int bind(PreparedStatement ps, PeriodInstance instance) throws SQLException {
		Object[] args = BoardSql.args(instance);
		for (int i = 0; i < args.length; i++) {
			ps.setObject(i + 1, args[i]);
		}
		return args.length + 1;
	}

	/**
	 * Which of the ids are users on the scope's boards (everyone's on the global one).
	 */
	public List<String> known(Scope scope, Collection<String> userIds) {
		if (userIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.query((con) -> {
			var ps = con.prepareStatement(known(scope));
			ps.setArray(1, con.createArrayOf("text", userIds.toArray()));
			if (!scope.global()) {
				ps.setString(2, scope.name());
			}
			return ps;
		}, (rs, n) -> rs.getString(1));
	}

	/** A user's totals on the given boards of one period, 0 where there is none. */
	public Map<LocalDate, Long> history(String period, List<LocalDate> starts, String userId) {
		Map<LocalDate, Long> totals = new LinkedHashMap<>();
		starts.forEach((start) -> totals.put(start, 0L));
		List<String> dates = new ArrayList<>(starts.size());
		starts.forEach((start) -> dates.add(start.toString()));
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(HISTORY);
			ps.setString(1, period);
			ps.setArray(2, con.createArrayOf("text", dates.toArray()));
			ps.setString(3, userId);
			return ps;
		}, (ResultSet rs) -> {
			totals.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
		});
		return totals;
	}

}
