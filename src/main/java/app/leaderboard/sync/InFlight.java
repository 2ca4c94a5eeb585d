package app.leaderboard.sync;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.BoardChecksums;
import app.leaderboard.store.postgres.RebuildSnapshots;

/**
 * The writes a check may have seen on one side only (docs/consistency.md, "Writes in
 * flight"): the users of the outbox rows still waiting for Redis when the check began
 * reading Redis, the users changed by a transaction its PostgreSQL snapshot did not see
 * (read after every read of the check), and the ids erased since (by digest). A write
 * outside these was in both stores when the check read them, so a bucket that none of
 * them is in must be equal on both sides, and one that differs is drift.
 */
final class InFlight {

	/** Users in flight beyond which a check cannot tell drift apart (a bulk load). */
	static final int LIMIT = 50_000;

	private final List<User> users = new ArrayList<>();

	private final List<Long> erased = new ArrayList<>();

	private final boolean complete;

	/**
	 * A user in flight: their checksum key, and their scopes now and those they left
	 * ({@code anywhere}: unknown, so on every board).
	 */
	private record User(String userId, long key, @Nullable String region, @Nullable String org, List<String> left,
			boolean anywhere) {

		boolean on(Scope scope) {
			return this.anywhere || scope.global() || this.left.contains(scope.kind().id() + ":" + scope.name())
					|| (scope.kind() == Scope.Kind.REGION && scope.name().equals(this.region))
					|| (scope.kind() == Scope.Kind.ORG && scope.name().equals(this.org));
		}

	}

	/**
	 * @param pending the outbox's users, read after the snapshot and before Redis
	 * @param changed the users changed after the snapshot, read after everything else
	 */
	InFlight(BoardChecksums.Changes pending, BoardChecksums.Changes changed) {
		this.complete = pending.complete() && changed.complete();
		// an outbox row says which scopes its user left, not where they are now
		pending.users().forEach((user) -> add(user, true));
		changed.users().forEach((user) -> add(user, false));
		changed.erased().forEach((digest) -> this.erased.add(BoardChecksum.keyOfDigest(digest)));
	}

	/**
	 * What was in flight since the snapshot: {@code pending} as read after it and before
	 * Redis, and the users changed since, read now (after every other read).
	 */
	static InFlight since(BoardChecksums postgres, RebuildSnapshots.Snapshot snapshot, BoardChecksums.Changes pending) {
		return new InFlight(pending, postgres.changedAfter(snapshot.time().minus(CacheRebuild.REAPPLY_MARGIN),
				snapshot.oldestRunning(), LIMIT));
	}

	private void add(BoardChecksums.Changed user, boolean anywhere) {
		this.users.add(new User(user.userId(), BoardChecksum.key(user.userId()), user.region(), user.org(),
				List.copyOf(user.left()), anywhere));
	}

	/** False when there were too many to list: the check cannot tell drift apart. */
	boolean complete() {
		return this.complete;
	}

	/** Whether an id erased meanwhile falls in this bucket (its id is not known). */
	boolean erasedIn(PeriodInstance board, int bucket) {
		return this.erased.stream().anyMatch((key) -> BoardChecksum.bucket(key, board.scope()) == bucket);
	}

	/** The users in flight who may be in this bucket of the board. */
	List<String> users(PeriodInstance board, int bucket) {
		return this.users.stream()
			.filter((user) -> user.on(board.scope()) && BoardChecksum.bucket(user.key(), board.scope()) == bucket)
			.map(User::userId)
			.distinct()
			.toList();
	}

	/** The users in flight who may be on the board. */
	List<String> users(PeriodInstance board) {
		return this.users.stream().filter((user) -> user.on(board.scope())).map(User::userId).distinct().toList();
	}

	/** Whether this user's state may be in flight on the board (changed or erased). */
	boolean covers(PeriodInstance board, String userId) {
		long key = BoardChecksum.key(userId);
		return this.erased.contains(key)
				|| this.users.stream().anyMatch((user) -> user.userId().equals(userId) && user.on(board.scope()));
	}

	/** Whether anything in flight may be in this bucket of the board. */
	boolean touches(PeriodInstance board, int bucket) {
		return erasedIn(board, bucket) || !users(board, bucket).isEmpty();
	}

}
