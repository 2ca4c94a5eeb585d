package app.leaderboard.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.sync.CacheRebuild;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.coordination.RedisLocks;

/**
 * Each test starts with empty tables, the current boards loaded empty in Redis (nothing
 * else of the service's there), and the clock at {@link MutableClock#DEFAULT}.
 */
@IntegrationTest
public abstract class IntegrationTestBase {

	public static final String ADMIN_TOKEN = "test-admin-token";

	@LocalServerPort
	protected int port;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected RedisInspection redis;

	@Autowired
	protected RedisLocks locks;

	@Autowired
	protected RedisKeys keys;

	@Autowired
	protected CacheRebuild rebuild;

	protected TestApi api;

	@BeforeEach
	void cleanState() {
		this.clock.set(MutableClock.DEFAULT);
		// TRUNCATE can deadlock with a maintenance tick reading the same tables: retry
		Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			this.jdbc.execute("truncate users, period_totals, board_sizes, idempotency_keys, outbox, scopes");
			this.redis.deleteOwnKeys();
		});
		// a running service has its current boards loaded (the warm-up at start does it)
		this.rebuild.fullSync((n) -> {
		});
		this.api = new TestApi(this.port);
	}

	protected String[] admin() {
		return new String[] { "Authorization", "Bearer " + ADMIN_TOKEN };
	}

}
