package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * With Redis dead, the reads that fall back to PostgreSQL are bounded: one more than the
 * bound is answered 503 with Retry-After at once instead of queueing, and updates still
 * go through. The test holds the bound's only read on a table lock, so the collision is
 * certain rather than timed.
 */
@TestPropertySource(properties = { "leaderboard.key-prefix=lbbulkhead:", "leaderboard.fallback-concurrency=1",
		"leaderboard.fallback-queue-wait=0ms" })
class FallbackBulkheadIntegrationTests extends RedisProcessTestBase {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private MeterRegistry meters;

	@Test
	void aReadPastTheFallbacksBoundIs503WithRetryAfterAtOnce() throws Exception {
		this.api.update("alice", 2);
		redisServer.kill();
		try {
			CompletableFuture<Response> held;
			try (Connection lock = this.dataSource.getConnection()) {
				lock.setAutoCommit(false);
				try (Statement statement = lock.createStatement()) {
					statement.execute("lock table period_totals in access exclusive mode");
				}
				held = CompletableFuture.supplyAsync(() -> this.api.get("/api/redis-leaderboard/daily"));
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> activeReads() == 1);

				long started = System.nanoTime();
				Response refused = this.api.get("/api/redis-leaderboard/user/alice/rank/weekly");
				long millis = (System.nanoTime() - started) / 1_000_000;

				assertThat(refused.status()).isEqualTo(503);
				assertThat(refused.contentType()).startsWith("application/problem+json");
				assertThat(refused.header("Retry-After")).contains("1");
				assertThat(refused.body()).extractingPath("$.title").asString().isEqualTo("Fallback busy");
				assertThat(millis).as("refused after %d ms", millis).isLessThan(1_500);
				assertThat(this.meters.get("leaderboard.reads.fallback.refused").counter().count()).isEqualTo(1);
				lock.commit();
			}
			Response answered = held.get();
			assertThat(answered.status()).isEqualTo(200);
			assertThat(answered.source()).isEqualTo("postgres");
			assertThat(answered.body()).extractingPath("$.entries[0].score").isEqualTo(2);
			// with the bound free again, the refused read is answered from PostgreSQL
			Response retried = this.api.get("/api/redis-leaderboard/user/alice/rank/weekly");
			assertThat(retried.status()).isEqualTo(200);
			assertThat(retried.body()).extractingPath("$.rank").isEqualTo(1);
			assertThat(this.api.update("alice", 1).status()).isEqualTo(200);
		}
		finally {
			redisServer.restart();
		}
	}

	/**
	 * Updates have a pool of their own: with every connection of the other pool taken (as
	 * a fallback, a rebuild and the relay together could take them), an update still
	 * commits at once instead of waiting out the pool's 3 s and answering 503.
	 */
	@Test
	void updatesCommitWhileEveryOtherConnectionIsTaken() throws Exception {
		HikariDataSource pool = (HikariDataSource) this.dataSource;
		List<Connection> taken = new ArrayList<>();
		try {
			for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
				taken.add(pool.getConnection());
			}
			assertThat(pool.getHikariPoolMXBean().getIdleConnections()).isZero();

			long started = System.nanoTime();
			Response update = this.api.update("bob", 3);
			long millis = (System.nanoTime() - started) / 1_000_000;

			assertThat(update.status()).isEqualTo(200);
			assertThat(millis).as("committed after %d ms", millis).isLessThan(2_000);
		}
		finally {
			for (Connection connection : taken) {
				connection.close();
			}
		}
		assertThat(this.api.get("/api/redis-leaderboard/user/bob/rank/daily").body()).extractingPath("$.score")
			.isEqualTo(3);
	}

	private double activeReads() {
		return this.meters.get("leaderboard.reads.postgres.active").gauge().value();
	}

}
