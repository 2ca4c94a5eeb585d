package app.leaderboard.store.redis.build;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import app.leaderboard.core.UserRow;
import app.leaderboard.store.redis.board.RedisGenerations;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The user cache, or some of its buckets, being loaded from PostgreSQL: each row goes to
 * its bucket's build ({@link UserBucketBuild}), rows of buckets not being built are
 * skipped, and every bucket is swapped in on its own when complete.
 */
final class UsersBuild implements RowBuild<UserRow> {

	private final Map<Integer, UserBucketBuild> buckets = new TreeMap<>();

	private final RedisGuard guard;

	private final Duration timeout;

	private final RedisGenerations generations;

	UsersBuild(RedisConnector connector, RedisGuard guard, RedisKeys keys, RedisGenerations generations,
			Set<Integer> buckets) {
		this.guard = guard;
		this.generations = generations;
		this.timeout = connector.bulkTimeout();
		// every bucket's build key started in one pipeline: a round trip per bucket, each
		// queued behind the batches of a board build running beside it, took seconds
		List<Future<?>> started = new ArrayList<>();
		for (int bucket : buckets) {
			UserBucketBuild build = new UserBucketBuild(connector, guard, keys, bucket);
			started.addAll(build.begin());
			this.buckets.put(bucket, build);
		}
		guard.awaitAll(started, connector.bulkTimeout());
	}

	@Override
	public void add(UserRow row) {
		UserBucketBuild build = this.buckets.get(RedisKeys.userBucket(row.userId()));
		if (build != null) {
			build.add(row);
		}
	}

	/** Every bucket's build key renewed in one round trip. */
	@Override
	public boolean keepAlive() {
		return this.guard.call(() -> {
			List<CompletableFuture<Boolean>> renewals = new ArrayList<>();
			for (UserBucketBuild build : this.buckets.values()) {
				renewals.add(build.renewal());
			}
			this.guard.awaitAll(renewals, this.timeout);
			return renewals.stream().allMatch(CompletableFuture::join);
		});
	}

	/**
	 * Swaps each bucket in, then gives the names a new generation: a bucket may bring
	 * names that the one it replaced lacked (a write that never reached it), and the
	 * pages the near cache keeps show names.
	 */
	@Override
	public long complete() {
		long users = 0;
		for (UserBucketBuild build : this.buckets.values()) {
			users += build.complete();
		}
		this.generations.namesChanged();
		return users;
	}

}
