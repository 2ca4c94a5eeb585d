package app.leaderboard.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The property defaults of the tests that run the whole service, each written once: as
 * {@code name=value} constants for the test annotations ({@link ServiceTest},
 * {@link IntegrationTest}, {@link RedisProcessTestBase}), and through {@link #of} for the
 * instances that tests start by hand ({@link ServiceInstances#run}). The settings that
 * point the service at a Redis come from the Redis fixture that runs it
 * ({@code properties()} of {@link RedisProcess}, {@link RedisClusterFixture} and
 * {@link RedisSentinelFixture}).
 */
public final class TestProperties {

	/** The admin token of every service a test starts. */
	public static final String ADMIN_TOKEN = "test-admin-token";

	public static final String ADMIN = "leaderboard.admin-token=" + ADMIN_TOKEN;

	/** A data directory of its own for each test context. */
	public static final String DATA_DIR = "leaderboard.data-dir=target/test-data/${random.uuid}";

	/** The outbox relay's interval in the shared context and the many-instance tests. */
	public static final String RELAY_INTERVAL = "leaderboard.relay-interval=500ms";

	/**
	 * A shorter relay interval, for the tests that wait for Redis to come back equal to
	 * PostgreSQL after a fault.
	 */
	public static final String FAST_RELAY_INTERVAL = "leaderboard.relay-interval=300ms";

	/** No rate limit at all (0). */
	public static final String NO_RATE_LIMIT = "leaderboard.rate-limit-per-minute=0";

	private TestProperties() {
	}

	/**
	 * {@code name=value} pairs as a map that keeps their order and takes more, the last
	 * value of a name winning.
	 */
	public static Map<String, String> of(String... properties) {
		Map<String, String> map = new LinkedHashMap<>();
		for (String property : properties) {
			int equals = property.indexOf('=');
			map.put(property.substring(0, equals), property.substring(equals + 1));
		}
		return map;
	}

}
