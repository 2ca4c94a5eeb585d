package app.leaderboard.update;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Stats;
import app.leaderboard.core.UnknownUserException;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.UserAdministration;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Sets or clears a user's name without recording a pomodoro: PostgreSQL first, in one
 * transaction with an outbox row; then the user cache at once, before the answer, so that
 * a read that starts after it shows the new name on every instance. When Redis is down
 * the relay brings the name later (reads go to PostgreSQL meanwhile).
 */
@Service
public class NameChanges {

	private static final Logger log = LoggerFactory.getLogger(NameChanges.class);

	private final UserAdministration users;

	private final BoardQueries queries;

	private final RedisBoardWrites redis;

	private final Periods periods;

	NameChanges(UserAdministration users, BoardQueries queries, RedisBoardWrites redis, Periods periods) {
		this.users = users;
		this.queries = queries;
		this.redis = redis;
		this.periods = periods;
	}

	/**
	 * @param displayName a valid name, or null to clear it
	 * @return the user's stats after the change
	 */
	public Stats set(String userId, @Nullable String displayName) {
		if (!this.users.setName(userId, displayName)) {
			throw UnknownUserException.nothingToChange(userId);
		}
		Map<Period, PeriodInstance> current = this.periods.currentAll();
		UserScores state = this.queries.userScores(userId, current.values())
			.orElseThrow(() -> UnknownUserException.nothingToChange(userId));
		try {
			this.redis.apply(List.of(state), false);
		}
		catch (RedisUnavailableException ex) {
			log.debug("Redis name change deferred to the outbox relay: {}", ex.getMessage());
		}
		return state.stats(current);
	}

}
