package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.TestApi;

/**
 * With {@code LEADERBOARD_REDIS_FALLBACK=false} a read that Redis cannot answer is a 503
 * problem, quickly, instead of a PostgreSQL read; updates still succeed, and reads come
 * back by themselves with Redis.
 */
@TestPropertySource(properties = { "leaderboard.key-prefix=lbnofallback:", "leaderboard.redis-fallback=false" })
class RedisFallbackDisabledIntegrationTests extends RedisProcessTestBase {

	@Test
	void readsAnswer503WhileRedisIsDownAndUpdatesStillSucceed() {
		TestApi api = this.api;
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
				assertThat(response.body()).extractingPath("$.status").isEqualTo(503);
				assertThat(response.body()).extractingPath("$.detail")
					.asString()
					.isNotBlank()
					.doesNotContain("Exception");
			}
			Response update = api.update("alice", 3);
			assertThat(update.status()).isEqualTo(200);
			assertThat(update.body()).extractingPath("$.daily_pomo").isEqualTo(5);
		}
		finally {
			redisServer.restart();
		}

		Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			Response board = api.get("/api/redis-leaderboard/daily");
			assertThat(board.status()).isEqualTo(200);
			assertThat(board.source()).isEqualTo("redis");
			assertThat(board.body()).extractingPath("$.entries[0].score").isEqualTo(5);
		});
	}

}
