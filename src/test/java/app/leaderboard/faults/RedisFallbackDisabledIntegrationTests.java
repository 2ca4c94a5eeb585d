package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.RedisProcess;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.TestClockConfiguration;

/**
 * With {@code LEADERBOARD_REDIS_FALLBACK=false} a read that Redis cannot answer is a 503
 * problem, quickly, instead of a PostgreSQL read; updates still succeed, and reads come
 * back by themselves with Redis.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "leaderboard.data-dir=target/test-data/${random.uuid}",
				"leaderboard.admin-token=" + IntegrationTestBase.ADMIN_TOKEN, "leaderboard.relay-interval=300ms",
				"leaderboard.key-prefix=lbnofallback:", "leaderboard.rate-limit-per-minute=0",
				"leaderboard.redis-fallback=false" })
@Import(TestClockConfiguration.class)
// its servers stop after the class: the context must not outlive them in the cache
@DirtiesContext
class RedisFallbackDisabledIntegrationTests {

	private static final RedisProcess redisServer = RedisProcess
		.start(Path.of("target", "test-redis", UUID.randomUUID().toString()));

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("leaderboard.redis.host", () -> "127.0.0.1");
		registry.add("leaderboard.redis.port", redisServer::port);
	}

	@LocalServerPort
	int port;

	@AfterAll
	static void stopRedis() {
		redisServer.close();
	}

	@Test
	void readsAnswer503WhileRedisIsDownAndUpdatesStillSucceed() {
		TestApi api = new TestApi(this.port);
		api.update("alice", 2);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> "redis".equals(api.get("/api/redis-leaderboard/daily").source()));

		redisServer.kill();
		try {
			for (String path : List.of("/api/redis-leaderboard/daily", "/api/redis-leaderboard/user/alice",
					"/api/redis-leaderboard/user/alice/rank/weekly", "/api/redis-leaderboard/yearly?limit=5")) {
				long started = System.nanoTime();
				Response response = api.get(path);
				assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
				assertThat(response.status()).as(path).isEqualTo(503);
				assertThat(response.contentType()).startsWith("application/problem+json");
				assertThat(response.json().get("status").intValue()).isEqualTo(503);
				assertThat(response.json().get("detail").stringValue()).isNotBlank().doesNotContain("Exception");
			}
			Response update = api.update("alice", 3);
			assertThat(update.status()).isEqualTo(200);
			assertThat(update.json().get("daily_pomo").longValue()).isEqualTo(5);
		}
		finally {
			redisServer.restart();
		}

		Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Response board = api.get("/api/redis-leaderboard/daily");
			assertThat(board.status()).isEqualTo(200);
			assertThat(board.source()).isEqualTo("redis");
			assertThat(board.json().get("entries").get(0).get("score").longValue()).isEqualTo(5);
		});
	}

}
