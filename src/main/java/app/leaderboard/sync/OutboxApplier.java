package app.leaderboard.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import app.leaderboard.core.Erasure;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.OutboxStore;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.board.RedisErasure;
import app.leaderboard.store.redis.board.RedisInspection;

/**
 * What the outbox relay writes for a batch of rows: each user's current state from
 * PostgreSQL on all their current boards (global and scoped, or off them all while
 * hidden), off the boards of the scopes the rows say they left, and, for an erasure's
 * rows, the user off every board of the scopes they name (RedisErasure).
 */
@Component
public class OutboxApplier {

	private final BoardQueries store;

	private final RedisBoardWrites redis;

	private final RedisErasure erasure;

	private final Periods periods;

	private final RedisInspection inspection;

	private final Boards boards;

	public OutboxApplier(BoardQueries store, RedisBoardWrites redis, RedisErasure erasure, Periods periods,
			RedisInspection inspection, Boards boards) {
		this.store = store;
		this.redis = redis;
		this.erasure = erasure;
		this.periods = periods;
		this.inspection = inspection;
		this.boards = boards;
	}

	/**
	 * Writes each user's whole state from PostgreSQL, after a Redis topology change for
	 * the users changed since Redis was last known healthy: on all their current boards
	 * (and the ones just ended), and off every scoped board Redis has them on outside
	 * their scopes. A promoted replica may lack a move's removal whose outbox row is
	 * gone, so the scopes a user left are found in Redis (one EXISTS per scoped board and
	 * one ZMSCORE per board Redis has, per 1,000 users), not in the outbox.
	 */
	public void applyUsers(Collection<String> userIds) {
		List<PeriodInstance> scoped = new ArrayList<>();
		for (PeriodInstance global : kept()) {
			scoped.addAll(this.boards.scoped(global));
		}
		List<String> all = List.copyOf(userIds);
		for (int from = 0; from < all.size(); from += 1000) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + 1000));
			List<OutboxStore.OutboxEntry> entries = new ArrayList<>();
			chunk.forEach((id) -> entries.add(new OutboxStore.OutboxEntry(id, null, null, false, 0)));
			// a user on a board of a scope they do not belong to left it: apply() takes
			// them off that scope's boards (and keeps them on their own)
			this.inspection.holding(scoped, chunk).forEach((board, users) -> {
				Scope scope = board.scope();
				for (String id : users) {
					entries
						.add(new OutboxStore.OutboxEntry(id, (scope.kind() == Scope.Kind.REGION) ? scope.name() : null,
								(scope.kind() == Scope.Kind.ORG) ? scope.name() : null, false, 0));
				}
			});
			apply(entries);
		}
	}

	/** The current global boards and the ones that just ended: those Redis keeps. */
	private List<PeriodInstance> kept() {
		List<PeriodInstance> kept = new ArrayList<>();
		for (PeriodInstance instance : this.periods.currentAll().values()) {
			kept.add(instance);
			kept.add(this.periods.previous(instance));
		}
		return kept;
	}

	public void apply(List<OutboxStore.OutboxEntry> entries) {
		Map<String, Set<Scope>> left = new LinkedHashMap<>();
		Map<String, Erasure> erasures = new LinkedHashMap<>();
		for (OutboxStore.OutboxEntry entry : entries) {
			Set<Scope> scopes = left.computeIfAbsent(entry.userId(), (id) -> new LinkedHashSet<>());
			if (entry.erased()) {
				erasures.merge(entry.userId(), erasure(entry), OutboxApplier::merged);
				continue;
			}
			Scope.ofRegion(entry.leftRegion()).ifPresent(scopes::add);
			Scope.ofOrg(entry.leftOrg()).ifPresent(scopes::add);
		}
		// erasures first, each guarded by its version: an id recorded anew since keeps
		// its new state, which the states below write again
		for (Erasure erasure : erasures.values()) {
			this.erasure.erase(erasure, true);
		}
		List<String> users = new ArrayList<>(left.keySet());
		// the current boards and the ones that just ended: an update made just before
		// midnight and relayed after it belongs to yesterday's board, which Redis serves
		List<PeriodInstance> current = kept();
		for (int from = 0; from < users.size(); from += 1000) {
			List<String> chunk = users.subList(from, Math.min(users.size(), from + 1000));
			List<UserScores> states = new ArrayList<>();
			for (UserScores state : this.store.usersScores(chunk, current)) {
				List<PeriodInstance> leftBoards = new ArrayList<>();
				for (Scope scope : left.get(state.userId())) {
					if (!state.membership().scopes().contains(scope)) {
						current.forEach((instance) -> leftBoards.add(instance.in(scope)));
					}
				}
				states.add(state.leaving(leftBoards));
			}
			// a user not in PostgreSQL any more was erased: their erasure's rows say
			// where (above, or in a later batch)
			this.redis.apply(states, true);
		}
	}

	/** An erasure row: the global scope and the one it names. */
	private static Erasure erasure(OutboxStore.OutboxEntry entry) {
		List<Scope> scopes = new ArrayList<>(List.of(Scope.GLOBAL));
		Scope.ofRegion(entry.leftRegion()).ifPresent(scopes::add);
		Scope.ofOrg(entry.leftOrg()).ifPresent(scopes::add);
		return new Erasure(entry.userId(), entry.version(), scopes);
	}

	/** One user's erasure rows together: every scope they name, the latest version. */
	private static Erasure merged(Erasure one, Erasure other) {
		Set<Scope> scopes = new LinkedHashSet<>(one.scopes());
		scopes.addAll(other.scopes());
		return new Erasure(one.userId(), Math.max(one.version(), other.version()), List.copyOf(scopes));
	}

}
