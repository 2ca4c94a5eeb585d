package app.leaderboard.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The service against a real redis-server process that the test owns and may kill, pause,
 * restart or flush (the fault tests). The process starts before the class's context and
 * stops after it; the context is not cached beyond the class, since its Redis is gone
 * then. Each test starts with Redis up and running, empty tables, none of the service's
 * keys and the clock at {@link MutableClock#DEFAULT}. Subclasses add settings with
 * {@code @TestPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "leaderboard.data-dir=target/test-data/${random.uuid}",
				"leaderboard.admin-token=" + IntegrationTestBase.ADMIN_TOKEN, "leaderboard.relay-interval=300ms",
				"leaderboard.rate-limit-per-minute=0" })
@Import(TestClockConfiguration.class)
@DirtiesContext
public abstract class RedisProcessTestBase {

	/** How long the service may take to bring Redis back to PostgreSQL by itself. */
	protected static final Duration CONVERGE = Duration.ofSeconds(30);

	protected static RedisProcess redisServer;

	@BeforeAll
	static void startRedis() {
		redisServer = RedisProcess.start(Path.of("target", "test-redis", UUID.randomUUID().toString()));
	}

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("leaderboard.redis.host", () -> "127.0.0.1");
		registry.add("leaderboard.redis.port", () -> redisServer.port());
	}

	@AfterAll
	static void stopRedis() {
		redisServer.close();
	}

	@LocalServerPort
	protected int port;

	@Autowired
	protected MutableClock clock;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected RedisInspection redis;

	@Autowired
	protected RedisKeys keys;

	@Autowired
	protected Periods periods;

	protected TestApi api;

	/** Compares Redis with PostgreSQL, the user cache read straight from the process. */
	protected Consistency consistency;

	@BeforeEach
	void cleanStateWithRedisUp() {
		redisServer.resume();
		if (!redisServer.alive()) {
			redisServer.restart();
		}
		this.clock.set(MutableClock.DEFAULT);
		// TRUNCATE can deadlock with a maintenance tick reading the same tables: retry
		Awaitility.await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
			this.jdbc.execute("truncate users, period_totals, board_sizes, idempotency_keys, outbox, scopes");
			this.redis.deleteOwnKeys();
		});
		this.api = new TestApi(this.port);
		this.consistency = new Consistency(this.jdbc, this.redis, this.periods,
				() -> redisServer.call((redis) -> UserCache.read(redis, this.keys.prefix())));
	}

}
