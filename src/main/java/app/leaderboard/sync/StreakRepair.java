package app.leaderboard.sync;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.ScopeRegistry;
import app.leaderboard.store.postgres.StreakQueries;
import app.leaderboard.store.redis.board.RedisStreaks;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Keeps the streak lists in step with PostgreSQL (docs/consistency.md, "Streaks"): each
 * drift check compares, for every scope and the two days a read merges, how many users
 * have each run (a checksum of the list); a list out of step in two checks in a row is
 * rebuilt, and the start-up check rebuilds one at once. A list Redis does not hold is
 * left to the next read, which loads it ({@link StreakRebuild#load}).
 */
@Component
public class StreakRepair {

	private static final Logger log = LoggerFactory.getLogger(StreakRepair.class);

	private final StreakQueries queries;

	private final RedisStreaks redis;

	private final StreakRebuild rebuild;

	private final ScopeRegistry scopes;

	private final Periods periods;

	/** Lists out of step in the previous check: scope and day. */
	private Set<List<Object>> outOfStep = Set.of();

	public StreakRepair(StreakQueries queries, RedisStreaks redis, StreakRebuild rebuild, ScopeRegistry scopes,
			Periods periods) {
		this.queries = queries;
		this.redis = redis;
		this.rebuild = rebuild;
		this.scopes = scopes;
		this.periods = periods;
	}

	/**
	 * One check of every list served.
	 * @param now rebuild a list out of step at once (start-up) rather than on the second
	 * check in a row
	 * @return how many lists were rebuilt
	 */
	public synchronized int check(boolean now) {
		int rebuilt = 0;
		Set<List<Object>> drifted = new HashSet<>();
		try {
			LocalDate today = this.periods.today();
			for (Scope scope : StreakRebuild.withGlobal(this.scopes.scopes())) {
				for (LocalDate day : List.of(today.minusDays(1), today)) {
					if (!drifted(scope, day)) {
						continue;
					}
					List<Object> list = List.of(scope, day);
					if (now || this.outOfStep.contains(list)) {
						log.warn("The streak list of {} for {} was out of step with PostgreSQL; rebuilding it",
								scope.global() ? "everyone" : scope, day);
						this.rebuild.rebuild(scope, day);
						rebuilt++;
					}
					else {
						drifted.add(list);
					}
				}
			}
		}
		catch (RedisUnavailableException | DataAccessException ex) {
			log.debug("Streak drift check not done: {}", ex.getMessage());
		}
		this.outOfStep = drifted;
		return rebuilt;
	}

	private boolean drifted(Scope scope, LocalDate day) {
		Map<Integer, Long> expected = this.queries.countsByRun(scope, day);
		Optional<RedisStreaks.Counts> held = this.redis.counts(scope, day, expected.keySet());
		if (held.isEmpty()) {
			return false;
		}
		long total = expected.values().stream().mapToLong(Long::longValue).sum();
		return held.get().members() != total || !held.get().byRun().equals(expected);
	}

}
