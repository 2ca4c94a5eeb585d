package app.leaderboard.operate.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import app.leaderboard.core.Erasure;
import app.leaderboard.core.Membership;
import app.leaderboard.league.LeagueSeasons;
import app.leaderboard.store.redis.league.RedisLeagues;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.UnknownUserException;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.UserAdministration;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.board.RedisErasure;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.BoardChannel;

/**
 * Erasing, hiding and unhiding a user (docs/api.md, "Hiding and erasing users"):
 * PostgreSQL first, in one transaction with outbox rows; then Redis at once, best effort.
 * When Redis is down (or the process dies), the outbox relay does the Redis part a few
 * seconds later; an erasure's rows stay in the outbox until the relay ran, so the erasure
 * is repeated once after any write that was still in flight when it happened. An erasure
 * leaves tombstones in both stores, so that nothing read before it puts the user back
 * (docs/consistency.md, "Erasure").
 */
@Service
class UserRemoval {

	private static final Logger log = LoggerFactory.getLogger(UserRemoval.class);

	private final UserAdministration users;

	private final BoardQueries store;

	private final RedisBoardWrites redis;

	private final RedisErasure erasure;

	private final Periods periods;

	private final BoardChannel changes;

	private final LeagueSeasons leagues;

	UserRemoval(UserAdministration users, BoardQueries store, RedisBoardWrites redis, RedisErasure erasure,
			Periods periods, BoardChannel changes, LeagueSeasons leagues) {
		this.leagues = leagues;
		this.users = users;
		this.store = store;
		this.redis = redis;
		this.erasure = erasure;
		this.periods = periods;
		this.changes = changes;
	}

	/**
	 * A retry of an erasure that already happened is a 404 (the user is unknown), and it
	 * erases the user from Redis once more, so a retry also helps Redis converge.
	 */
	void erase(String userId) {
		List<RedisLeagues.GroupOf> groups = this.leagues.groupsOf(userId);
		Optional<UserAdministration.Erased> erased = this.users.erase(userId);
		this.leagues.forget(userId, groups);
		Optional<Erasure> inRedis = erased.map(UserAdministration.Erased::erasure)
			.or(() -> this.users.lastErasure(userId));
		try {
			inRedis.ifPresent((erasure) -> this.erasure.erase(erasure, false));
		}
		catch (RedisUnavailableException ex) {
			log.debug("Redis erasure deferred to the outbox relay: {}", ex.getMessage());
		}
		if (erased.isEmpty()) {
			throw UnknownUserException.nothingToChange(userId);
		}
		announce(erased.get().before());
		log.info("Erased a user on an operator's request");
	}

	void setHidden(String userId, boolean hidden) {
		Membership membership = this.users.setHidden(userId, hidden)
			.orElseThrow(() -> UnknownUserException.nothingToChange(userId));
		this.leagues.forget(userId, this.leagues.groupsOf(userId));
		// current boards and the ones just ended, which Redis still keeps
		List<PeriodInstance> instances = new ArrayList<>();
		for (Period period : Period.values()) {
			PeriodInstance current = this.periods.current(period);
			instances.add(current);
			instances.add(this.periods.at(period, current.start().minusSeconds(1)));
		}
		try {
			UserScores state = this.store.userScores(userId, instances)
				.orElseThrow(() -> UnknownUserException.nothingToChange(userId));
			this.redis.apply(List.of(state), true);
		}
		catch (RedisUnavailableException ex) {
			log.debug("Redis {} deferred to the outbox relay: {}", hidden ? "hide" : "unhide", ex.getMessage());
		}
		announce(membership);
	}

	/**
	 * Tells the open live boards of every instance that the user's boards changed: the
	 * four periods' global boards and those of the user's region and organisation.
	 */
	private void announce(Membership membership) {
		List<String> boards = new ArrayList<>();
		for (Period period : Period.values()) {
			membership.scopes().forEach((scope) -> boards.add(period.id() + scope.suffix()));
		}
		this.changes.publish(boards);
	}

}
