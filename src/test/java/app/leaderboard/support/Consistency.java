package app.leaderboard.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.springframework.jdbc.core.JdbcTemplate;

import org.awaitility.core.ConditionTimeoutException;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Compares Redis with PostgreSQL exactly: every current board (global, and each region's
 * and organisation's) loaded, with the same members and the same totals, and (when the
 * test can read the user cache) the same user versions. Describes the first difference,
 * so a failing wait says what is still wrong.
 */
public final class Consistency {

	private final JdbcTemplate jdbc;

	private final RedisInspection redis;

	private final Periods periods;

	private final Supplier<Map<String, String>> userCache;

	/**
	 * @param userCache the user cache hash as another client reads it, or null to skip it
	 */
	public Consistency(JdbcTemplate jdbc, RedisInspection redis, Periods periods,
			Supplier<Map<String, String>> userCache) {
		this.jdbc = jdbc;
		this.redis = redis;
		this.periods = periods;
		this.userCache = userCache;
	}

	/**
	 * A board's totals in PostgreSQL, by user: hidden users left out, and for a scoped
	 * board only the users whose current region or organisation it is.
	 */
	public Map<String, Long> postgres(PeriodInstance instance) {
		Map<String, Long> totals = new HashMap<>();
		String scope = switch (instance.scope().kind()) {
			case GLOBAL -> "";
			case REGION -> " and region = '" + instance.scope().name() + "'";
			case ORG -> " and org = '" + instance.scope().name() + "'";
		};
		this.jdbc.query("select user_id, total from period_totals where period = ? and period_start = ?"
				+ " and not hidden" + scope, (rs) -> {
					totals.put(rs.getString(1), rs.getLong(2));
				}, instance.period().id(), instance.startDate());
		return totals;
	}

	/**
	 * The boards Redis serves: the current ones and the ones that just ended
	 * (yesterday's, last week's...), which the service keeps loaded too, and the current
	 * boards of every scope ever used.
	 */
	public List<PeriodInstance> boards() {
		List<PeriodInstance> boards = new ArrayList<>();
		List<Scope> scopes = this.jdbc.query("select kind, name from scopes", (rs,
				n) -> "region".equals(rs.getString(1)) ? Scope.region(rs.getString(2)) : Scope.org(rs.getString(2)));
		for (PeriodInstance current : this.periods.currentAll().values()) {
			boards.add(current);
			boards.add(this.periods.previous(current));
			// scoped boards of ended periods are loaded when first read, not warmed
			for (Scope scope : scopes) {
				boards.add(current.in(scope));
			}
		}
		return boards;
	}

	/** The first difference between Redis and PostgreSQL, or null when they are equal. */
	public String difference() {
		try {
			for (PeriodInstance instance : boards()) {
				Map<String, Long> truth = postgres(instance);
				OptionalLong members = this.redis.boardMembers(instance);
				if (members.isEmpty()) {
					return instance.id() + " is not loaded in Redis";
				}
				if (members.getAsLong() != truth.size()) {
					return instance.id() + " has " + members.getAsLong() + " members in Redis, " + truth.size()
							+ " in PostgreSQL";
				}
				Map<String, Long> cached = this.redis.totals(instance, new ArrayList<>(truth.keySet()));
				for (Map.Entry<String, Long> entry : truth.entrySet()) {
					if (!entry.getValue().equals(cached.get(entry.getKey()))) {
						return instance.id() + " " + entry.getKey() + ": Redis " + cached.get(entry.getKey())
								+ ", PostgreSQL " + entry.getValue();
					}
				}
			}
			if (this.userCache != null) {
				Map<String, String> cache = this.userCache.get();
				List<Map<String, Object>> users = this.jdbc.queryForList("select user_id, version from users");
				if (!cache.containsKey("#")) {
					return "the user cache is not loaded";
				}
				for (Map<String, Object> user : users) {
					String cached = cache.get((String) user.get("user_id"));
					long version = ((Number) user.get("version")).longValue();
					if (cached == null || Long.parseLong(cached.split(":")[0]) != version) {
						return "user cache " + user.get("user_id") + ": Redis " + cached + ", PostgreSQL version "
								+ version;
					}
				}
				if (cache.size() - 1 != users.size()) {
					return "user cache has " + (cache.size() - 1) + " users, PostgreSQL " + users.size();
				}
			}
			return null;
		}
		catch (RedisUnavailableException ex) {
			return "Redis unavailable: " + ex.getMessage();
		}
		catch (RuntimeException ex) {
			return ex.toString();
		}
	}

	/**
	 * Waits until Redis equals PostgreSQL by itself (no admin call), at most
	 * {@code within}.
	 */
	public void awaitEqual(Duration within) {
		String[] last = new String[1];
		try {
			Awaitility.await()
				.atMost(within)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> (last[0] = difference()) == null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Redis did not converge to PostgreSQL within " + within + ": " + last[0], ex);
		}
	}

}
