package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * A cold board (flushed, expired, a new period) is built once, however many requests miss
 * it.
 */
class ColdBoardIntegrationTests extends IntegrationTestBase {

	@Autowired
	CacheRebuild rebuild;

	@Autowired
	Periods periods;

	@Test
	void concurrentMissesOnAColdBoardCauseOneBuild() throws Exception {
		for (int i = 0; i < 40; i++) {
			this.api.update("user" + i, 1 + i % 5);
		}
		PeriodInstance daily = this.periods.current(Period.DAILY);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.boardLoaded(daily));
		this.redis.deleteOwnKeys();
		long before = this.rebuild.builds(daily);

		// the midnight stampede: many readers miss the same board at the same moment
		ExecutorService readers = Executors.newFixedThreadPool(32);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<Response>> responses = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			String path = (i % 2 == 0) ? "/api/redis-leaderboard/daily?limit=5"
					: "/api/redis-leaderboard/user/user" + (i % 40) + "/rank/daily";
			responses.add(readers.submit(() -> {
				go.await();
				return this.api.get(path);
			}));
		}
		go.countDown();
		for (Future<Response> response : responses) {
			assertThat(response.get().status()).isEqualTo(200);
			assertThat(response.get().body()).extractingPath("$.total").isEqualTo(40);
		}
		readers.shutdown();

		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> this.redis.boardLoaded(daily));
		assertThat(this.rebuild.builds(daily) - before).isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/daily").source()).isEqualTo("redis");
	}

}
