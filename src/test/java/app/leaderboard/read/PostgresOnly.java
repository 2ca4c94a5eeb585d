package app.leaderboard.read;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.coordination.RedisLocks;
import app.leaderboard.support.RawRedis;
import app.leaderboard.sync.CacheRebuild;

/**
 * Keeps boards out of Redis while open, so that reads take the PostgreSQL path (the same
 * code as with Redis down): their keys are deleted and their rebuild locks held, so no
 * load can bring them back meanwhile.
 */
final class PostgresOnly implements AutoCloseable {

	private final RedisLocks redis;

	private final List<String[]> locks = new ArrayList<>();

	private final PeriodInstance[] instances;

	private final CacheRebuild rebuild;

	PostgresOnly(RedisLocks redis, RedisKeys keys, RawRedis raw, CacheRebuild rebuild, PeriodInstance... instances) {
		this.redis = redis;
		this.rebuild = rebuild;
		this.instances = instances;
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			release();
			for (PeriodInstance instance : instances) {
				String key = keys.boardLock(instance);
				Optional<String> token = redis.tryLock(key, Duration.ofSeconds(60));
				if (token.isEmpty()) {
					return false;
				}
				this.locks.add(new String[] { key, token.get() });
			}
			// a load running when the locks were taken has finished: its lock was free.
			// The
			// generation goes with the board, as it does when Redis loses the board
			// (flush,
			// expiry, a cache clear): otherwise the near cache serves the page it read
			// before
			for (PeriodInstance instance : instances) {
				raw.commands().del(keys.board(instance), keys.boardGeneration(instance));
			}
			return true;
		});
	}

	private void release() {
		this.locks.forEach((lock) -> this.redis.unlock(lock[0], lock[1]));
		this.locks.clear();
	}

	/** Releases the boards and loads them again, as a running service has them. */
	@Override
	public void close() {
		release();
		for (PeriodInstance instance : this.instances) {
			this.rebuild.rebuildBoard(instance, true, (n) -> {
			});
		}
	}

}
