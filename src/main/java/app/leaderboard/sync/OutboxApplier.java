package app.leaderboard.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.OutboxStore;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.board.RedisErasure;
import app.leaderboard.core.UserScores;

/**
 * What the outbox relay writes for a batch of rows: each user's current state from
 * PostgreSQL on all their current boards (global and scoped, or off them all while
 * hidden), off the boards of the scopes the rows say they left, and, for a user who is no
 * longer in PostgreSQL (erased), nothing of them anywhere in Redis.
 */
@Component
public class OutboxApplier {

	private final BoardQueries store;

	private final RedisBoardWrites redis;

	private final RedisErasure erasure;

	private final Periods periods;

	public OutboxApplier(BoardQueries store, RedisBoardWrites redis, RedisErasure erasure, Periods periods) {
		this.store = store;
		this.redis = redis;
		this.erasure = erasure;
		this.periods = periods;
	}

	/**
	 * Writes the users' current state from PostgreSQL on all their current boards (and
	 * the ones just ended), as the relay does for rows that name no scope left: after a
	 * Redis topology change, for the users changed just before it.
	 */
	public void applyUsers(Collection<String> userIds) {
		apply(userIds.stream().map((id) -> new OutboxStore.OutboxEntry(id, null, null, false)).toList());
	}

	public void apply(List<OutboxStore.OutboxEntry> entries) {
		Map<String, Set<Scope>> left = new LinkedHashMap<>();
		for (OutboxStore.OutboxEntry entry : entries) {
			Set<Scope> scopes = left.computeIfAbsent(entry.userId(), (id) -> new LinkedHashSet<>());
			Scope.ofRegion(entry.leftRegion()).ifPresent(scopes::add);
			Scope.ofOrg(entry.leftOrg()).ifPresent(scopes::add);
		}
		List<String> users = new ArrayList<>(left.keySet());
		// the current boards and the ones that just ended: an update made just before
		// midnight and relayed after it belongs to yesterday's board, which Redis serves
		List<PeriodInstance> current = new ArrayList<>();
		for (PeriodInstance instance : this.periods.currentAll().values()) {
			current.add(instance);
			current.add(this.periods.previous(instance));
		}
		for (int from = 0; from < users.size(); from += 1000) {
			List<String> chunk = users.subList(from, Math.min(users.size(), from + 1000));
			List<UserScores> states = new ArrayList<>();
			Set<String> found = new LinkedHashSet<>();
			for (UserScores state : this.store.usersScores(chunk, current)) {
				found.add(state.userId());
				List<PeriodInstance> leftBoards = new ArrayList<>();
				for (Scope scope : left.get(state.userId())) {
					if (!state.membership().scopes().contains(scope)) {
						current.forEach((instance) -> leftBoards.add(instance.in(scope)));
					}
				}
				states.add(state.leaving(leftBoards));
			}
			this.redis.apply(states, true);
			for (String userId : chunk) {
				if (!found.contains(userId)) {
					this.erasure.erase(userId, true);
				}
			}
		}
	}

}
