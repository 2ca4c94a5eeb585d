package app.leaderboard.store.redis.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.SelfRepairContext;

/**
 * The Redis memory gauges ({@code maxmemory} only when set) and the service's key count
 * show measured values. The key count is taken every second here
 * ({@link SelfRepairContext}); the default is every 5 minutes.
 */
@SelfRepairContext
class RedisFootprintMetricsIntegrationTests extends IntegrationTestBase {

	@Autowired
	private RedisConnector connector;

	@Test
	void theMemoryAndKeyGaugesShowMeasuredValues() {
		this.api.update("alice", 1);
		RedisClient client = RedisClient.create(this.connector.uri());
		try (StatefulRedisConnection<String, String> raw = client.connect()) {
			String before = raw.sync().configGet("maxmemory").get("maxmemory");
			raw.sync().configSet("maxmemory", "1073741824");
			try {
				Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					String scrape = this.api.get("/actuator/prometheus").text();
					assertThat(value(scrape, "leaderboard_redis_memory_used_bytes")).isGreaterThan(100_000);
					assertThat(value(scrape, "leaderboard_redis_memory_max_bytes")).isEqualTo(1073741824.0);
					// four boards and the user cache at least
					assertThat(value(scrape, "leaderboard_redis_keys")).isGreaterThanOrEqualTo(5);
				});
			}
			finally {
				raw.sync().configSet("maxmemory", before);
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(
						value(this.api.get("/actuator/prometheus").text(), "leaderboard_redis_memory_max_bytes"))
					.isNaN());
		}
		finally {
			client.shutdown();
		}
	}

	private static double value(String scrape, String metric) {
		return scrape.lines()
			.filter((line) -> line.startsWith(metric + " ") || line.startsWith(metric + "{"))
			.map((line) -> line.substring(line.lastIndexOf(' ') + 1))
			.mapToDouble(Double::parseDouble)
			.findFirst()
			.orElseThrow(() -> new AssertionError(metric + " is not scraped"));
	}

}
