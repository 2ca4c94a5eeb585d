package app.leaderboard.support;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.store.redis.coordination.RedisLocks;
import app.leaderboard.sync.CacheRebuild;

/**
 * Each test starts with empty tables, the current boards loaded empty in Redis (nothing
 * else of the service's there), and the clock at {@link MutableClock#DEFAULT}.
 */
@IntegrationTest
public abstract class IntegrationTestBase extends ServiceTestBase {

	@Autowired
	protected RedisLocks locks;

	@Autowired
	protected CacheRebuild rebuild;

	@BeforeEach
	void cleanState() {
		resetState();
		// a running service has its current boards loaded (the warm-up at start does it)
		this.rebuild.fullSync((n) -> {
		});
	}

}
