package app.leaderboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.core.Periods;
import app.leaderboard.support.TestApi.Response;

/**
 * The service against a real redis-server process that the test owns and may kill, pause,
 * restart or flush (the fault tests). The process starts before the class's context and
 * stops after the class (with {@link #processes}, where a subclass may start more); the
 * context is not cached beyond the class, since its Redis is gone then. Each test starts
 * with Redis up and running, empty tables, none of the service's keys and the clock at
 * {@link MutableClock#DEFAULT}. Subclasses add settings with {@code @TestPropertySource}.
 */
@ServiceTest
@TestPropertySource(properties = { TestProperties.FAST_RELAY_INTERVAL, TestProperties.NO_RATE_LIMIT })
@DirtiesContext
public abstract class RedisProcessTestBase extends ServiceTestBase {

	/** How long the service may take to bring Redis back to PostgreSQL by itself. */
	protected static final Duration CONVERGE = Duration.ofSeconds(30);

	/** What the class started; stopped after it, the last started first. */
	@RegisterExtension
	protected static final ProcessGroup processes = new ProcessGroup();

	protected static RedisProcess redisServer;

	@BeforeAll
	static void startRedis() {
		redisServer = processes
			.start(() -> RedisProcess.start(Path.of("target", "test-redis", UUID.randomUUID().toString())));
	}

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		redisServer.properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	@Autowired
	protected Periods periods;

	@Autowired
	private DataSource dataSource;

	/** Compares Redis with PostgreSQL, the user cache read straight from the process. */
	protected Consistency consistency;

	@BeforeEach
	void cleanStateWithRedisUp() {
		// paused by the test before, or killed and not restarted
		if (redisServer.alive()) {
			redisServer.resume();
		}
		else {
			redisServer.restart();
		}
		resetState();
		this.consistency = new Consistency(this.jdbc, this.redis, this.periods,
				() -> redisServer.call((redis) -> UserCache.read(redis, this.keys.prefix())));
	}

	/**
	 * Starts another instance of the service beside this test's context, on the same
	 * PostgreSQL and Redis, with this base's settings and {@code properties}
	 * ({@code name=value}: the subclass's own, such as its key prefix). It runs until the
	 * class ends (or until the test closes it), and stops before Redis.
	 */
	protected ConfigurableApplicationContext startInstance(String... properties) {
		Map<String, String> settings = TestProperties.of(TestProperties.ADMIN, TestProperties.FAST_RELAY_INTERVAL,
				TestProperties.NO_RATE_LIMIT);
		settings.putAll(TestProperties.of(properties));
		settings.put("leaderboard.data-dir", "target/test-data/" + UUID.randomUUID());
		settings.put("leaderboard.database.url", ((HikariDataSource) this.dataSource).getJdbcUrl());
		settings.put("leaderboard.database.user", "postgres");
		settings.putAll(redisServer.properties());
		return processes.start(() -> ServiceInstances.run(settings, TestClockConfiguration.class));
	}

	/** Rows in the outbox, not relayed to Redis yet. */
	protected long outbox() {
		return this.jdbc.queryForObject("select count(*) from outbox", Long.class);
	}

	/**
	 * Sends {@code request} and asserts that it was answered within {@code maxMillis}.
	 */
	protected static Response answeredWithin(long maxMillis, Supplier<Response> request) {
		long started = System.nanoTime();
		Response response = request.get();
		long millis = (System.nanoTime() - started) / 1_000_000;
		assertThat(millis).as("request took %d ms", millis).isLessThan(maxMillis);
		return response;
	}

}
