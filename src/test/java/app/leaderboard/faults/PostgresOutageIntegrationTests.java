package app.leaderboard.faults;

import static app.leaderboard.support.TestApi.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanCursor;

import org.springframework.test.context.TestPropertySource;

import app.leaderboard.store.postgres.EmbeddedPostgresServer;
import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.TcpProxy;
import app.leaderboard.support.TestApi.Response;

/**
 * PostgreSQL taken away behind a TCP proxy (configured as {@code DATABASE_URL}), while
 * the service runs: updates answer 503 within seconds and change nothing, in PostgreSQL
 * or in Redis; cached reads go on; and everything works again once PostgreSQL is back,
 * without a restart.
 */
@TestPropertySource(properties = "leaderboard.key-prefix=lbpgdown:")
class PostgresOutageIntegrationTests extends RedisProcessTestBase {

	/** "About 5 seconds": the pool gives up on a connection after 3. */
	private static final long MAX_UPDATE_MILLIS = 5_000;

	private static TcpProxy proxy;

	@BeforeAll
	static void startPostgres() {
		// stopped after the class, before Redis
		EmbeddedPostgresServer postgres = processes
			.start(() -> EmbeddedPostgresServer.start(Path.of("target", "test-data", UUID.randomUUID().toString())));
		proxy = processes.start(() -> new TcpProxy(postgres.port()));
	}

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("leaderboard.database.url", () -> "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres");
	}

	@AfterEach
	void reconnect() {
		proxy.restore();
	}

	@Test
	void withPostgresCutUpdatesAnswer503AndTouchNothingWhileCachedReadsGoOn() {
		outageWith(proxy::cut);
	}

	@Test
	void withPostgresHungUpdatesAnswer503AndTouchNothingWhileCachedReadsGoOn() {
		outageWith(proxy::hang);
	}

	private void outageWith(Runnable outage) {
		this.api.update("alice", 2);
		this.api.update("bob", 3);
		this.consistency.awaitEqual(Duration.ofSeconds(30));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> outbox() == 0);
		// read once so that everything below is a cache hit
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").source()).isEqualTo("redis");
		Map<String, String> before = redisDump();

		outage.run();

		for (String user : new String[] { "alice", "newcomer", "bob" }) {
			Response update = timed(() -> this.api.update(user, 1));
			assertThat(update.status()).isEqualTo(503);
			assertThat(update.contentType()).startsWith("application/problem+json");
			assertThat(update.body()).extractingPath("$.detail")
				.asString()
				.doesNotContain("jdbc")
				.doesNotContain("Exception");
		}
		Response board = timed(() -> this.api.get("/api/redis-leaderboard/daily"));
		assertThat(board.status()).isEqualTo(200);
		assertThat(board.source()).isEqualTo("redis");
		assertThat(board.body()).extractingPath("$.entries")
			.isEqualTo(List.of(entry(1, "bob", 3), entry(2, "alice", 2)));
		Response rank = timed(() -> this.api.get("/api/redis-leaderboard/user/alice/rank/yearly"));
		assertThat(rank.status()).isEqualTo(200);
		assertThat(rank.body()).extractingPath("$.rank").isEqualTo(2);
		Response user = timed(() -> this.api.get("/api/redis-leaderboard/user/alice"));
		assertThat(user.status()).isEqualTo(200);
		assertThat(user.source()).isEqualTo("redis");
		assertThat(user.body()).extractingPath("$.weekly_pomo").isEqualTo(2);
		Response status = this.api.get("/api/redis-leaderboard/admin/status", admin());
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.body()).extractingPath("$.postgres.connected").asBoolean().isFalse();
		assertThat(timed(() -> this.api.get("/actuator/health")).status()).as("health while PostgreSQL is down")
			.isEqualTo(503);
		assertThat(redisDump()).as("Redis after the failed updates").isEqualTo(before);

		proxy.restore();

		// the pool reconnects by itself: no restart
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.api.update("alice", 1).status() == 200);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isEqualTo(2);
		assertThat(this.jdbc.queryForObject(
				"select total from period_totals where user_id = 'alice' and period = 'monthly'", Long.class))
			.isEqualTo(3);
		this.consistency.awaitEqual(Duration.ofSeconds(30));
		assertThat(this.api.get("/actuator/health").status()).isEqualTo(200);
	}

	/**
	 * Every key of the Redis with its serialized value, as another client sees it; but
	 * not the background jobs' leases and shared gauge values, which their holder renews
	 * whether or not PostgreSQL answers: they coordinate instances and cache no data.
	 */
	private static Map<String, String> redisDump() {
		return redisServer.call((redis) -> {
			Map<String, String> dump = new TreeMap<>();
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = redis.scan(cursor);
				for (String key : page.getKeys()) {
					if (key.contains(":lease:{") || key.contains(":shared:{")) {
						continue;
					}
					dump.put(key, Base64.getEncoder().encodeToString(redis.dump(key)));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
			return dump;
		});
	}

	private static Response timed(Supplier<Response> request) {
		return answeredWithin(MAX_UPDATE_MILLIS, request);
	}

}
