package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.core.Scope;

/**
 * The streak lists and names from PostgreSQL: a page of a scope's list as of a day (the
 * fallback while Redis is down), a day's rows for a rebuild, the counts per run a drift
 * check compares, and users' names. Every statement is a range of one of the
 * {@code users_streaks} indexes (V1_31).
 */
@Repository
public class StreakQueries {

	/**
	 * The users of a scope on the list of {@code as_of}: their last day is it or its eve.
	 */
	private static String listed(Scope scope) {
		return "streak_last_day is not null and not hidden and streak_last_day >= ?::date - 1 and streak_last_day <= ?"
				+ scopeFilter(scope);
	}

	private static String scopeFilter(Scope scope) {
		return switch (scope.kind()) {
			case GLOBAL -> "";
			case REGION -> " and region is not null and region = ?";
			case ORG -> " and org is not null and org = ?";
		};
	}

	private static Object[] args(Scope scope, LocalDate asOf, Object... more) {
		List<Object> args = new ArrayList<>(List.of(asOf, asOf));
		if (!scope.global()) {
			args.add(scope.name());
		}
		args.addAll(List.of(more));
		return args.toArray();
	}

	private static Object[] dayArgs(Scope scope, LocalDate day) {
		return scope.global() ? new Object[] { day } : new Object[] { day, scope.name() };
	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	public StreakQueries(JdbcTemplate jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	/** A user on a list, with their name. */
	public record Row(String userId, @Nullable String displayName, int run, LocalDate lastDay) {
	}

	/** A page of the list in its order: run descending, then last day, then user id. */
	public List<Row> page(Scope scope, LocalDate asOf, int limit, long offset) {
		return this.jdbc.query(
				"select user_id, display_name, streak_run, streak_last_day from users where " + listed(scope)
						+ " order by streak_run desc, streak_last_day, user_id limit ? offset ?",
				(rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getObject(4, LocalDate.class)),
				args(scope, asOf, limit, offset));
	}

	/** The users on the list. */
	public long total(Scope scope, LocalDate asOf) {
		return this.jdbc.queryForObject("select count(*) from users where " + listed(scope), Long.class,
				args(scope, asOf));
	}

	/** The users on the list with a longer run: a competition rank is this plus one. */
	public long above(Scope scope, LocalDate asOf, int run) {
		return this.jdbc.queryForObject("select count(*) from users where " + listed(scope) + " and streak_run > ?",
				Long.class, args(scope, asOf, run));
	}

	/** How many users of a scope's list of one day have each run. */
	public Map<Integer, Long> countsByRun(Scope scope, LocalDate day) {
		Map<Integer, Long> counts = new LinkedHashMap<>();
		this.jdbc.query("select streak_run, count(*) from users where streak_last_day is not null and not hidden "
				+ "and streak_last_day = ?" + scopeFilter(scope) + " group by 1", (ResultSet rs) -> {
					counts.put(rs.getInt(1), rs.getLong(2));
				}, dayArgs(scope, day));
		return counts;
	}

	/** Streams a scope's list of one day (user id and run), for a rebuild. */
	public void streamDay(Scope scope, LocalDate day, BiConsumer<String, Integer> sink) {
		this.transactions.executeWithoutResult((status) -> this.jdbc.query((con) -> {
			var ps = con.prepareStatement("select user_id, streak_run from users where streak_last_day is not null "
					+ "and not hidden and streak_last_day = ?" + scopeFilter(scope));
			ps.setFetchSize(5000);
			Object[] args = dayArgs(scope, day);
			for (int i = 0; i < args.length; i++) {
				ps.setObject(i + 1, args[i]);
			}
			return ps;
		}, (ResultSet rs) -> {
			sink.accept(rs.getString(1), rs.getInt(2));
		}));
	}

	/**
	 * The last user version handed out: an erasure with a higher one happened after this
	 * call (a rebuild's snapshot).
	 */
	public long lastVersion() {
		return this.jdbc.queryForObject("select last_value from user_versions", Long.class);
	}

	/** The names of the users that have one; users without are left out. */
	public Map<String, String> names(Collection<String> userIds) {
		Map<String, String> names = new HashMap<>();
		if (userIds.isEmpty()) {
			return names;
		}
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement(
					"select user_id, display_name from users where user_id = any(?) and display_name is not null");
			ps.setArray(1, con.createArrayOf("text", userIds.toArray()));
			return ps;
		}, (ResultSet rs) -> {
			names.put(rs.getString(1), rs.getString(2));
		});
		return names;
	}

}
