package app.leaderboard.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import app.leaderboard.config.RedisSettings;
import app.leaderboard.store.redis.connection.EmbeddedRedisServer;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The limiter against a real redis-server (the embedded-redis binary, with AUTH and a
 * database number), as several instances would share it, and against a dead and a paused
 * (SIGSTOP) Redis, where it must fall back to the local limit without waiting.
 */
class UpdateRateLimiterTests {

	private static final String PASSWORD = "limiter-pass";

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	@TempDir
	Path dir;

	private EmbeddedRedisServer server;

	private final List<AutoCloseable> open = new ArrayList<>();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@BeforeEach
	void startRedis() {
		this.server = EmbeddedRedisServer.start(this.dir, PASSWORD);
	}

	@AfterEach
	void stop() throws Exception {
		resume();
		for (AutoCloseable closeable : this.open) {
			closeable.close();
		}
		this.server.close();
	}

	@Test
	void instancesSharingARedisShareOneLimitPerUser() {
		UpdateRateLimiter first = connected(limiter(4, this.server.port()));
		UpdateRateLimiter second = connected(limiter(4, this.server.port()));

		first.acquire("alice");
		second.acquire("alice");
		first.acquire("alice");
		second.acquire("alice");

		assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> first.acquire("alice"))
			.satisfies((ex) -> assertThat(ex.retryAfterSeconds()).isBetween(1L, 60L));
		assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> second.acquire("alice"));
		assertThatNoException().isThrownBy(() -> second.acquire("bob"));
		assertThat(this.registry.counter("leaderboard.ratelimit.rejections", "limiter", "redis").count()).isEqualTo(2);
		assertThat(this.registry.counter("leaderboard.ratelimit.local").count()).isZero();
	}

	@Test
	void bucketsLiveInTheConfiguredDatabaseUnderThePrefix() {
		connected(limiter(4, this.server.port())).acquire("alice");

		try (RedisClient client = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(this.server.port())
			.withPassword(PASSWORD.toCharArray())
			.withDatabase(4)
			.build()); StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().exists("rl:ratelimit:{alice}")).isEqualTo(1);
			assertThat(connection.sync().ttl("rl:ratelimit:{alice}")).isBetween(1L, 120L);
			connection.sync().select(0);
			assertThat(connection.sync().exists("rl:ratelimit:{alice}")).isZero();
		}
	}

	@Test
	void zeroDisablesTheLimit() throws IOException {
		UpdateRateLimiter limiter = limiter(0, deadPort());

		for (int i = 0; i < 1000; i++) {
			limiter.acquire("alice");
		}
	}

	@Test
	void withRedisDeadTheLocalLimitDecidesAtOnce() throws IOException {
		UpdateRateLimiter limiter = limiter(3, deadPort());

		for (int i = 0; i < 3; i++) {
			assertFast(() -> limiter.acquire("alice"));
		}
		assertFast(() -> assertThatExceptionOfType(RateLimitExceededException.class)
			.isThrownBy(() -> limiter.acquire("alice")));
		assertFast(() -> limiter.acquire("bob"));
		assertThat(this.registry.counter("leaderboard.ratelimit.rejections", "limiter", "local").count()).isEqualTo(1);
	}

	@Test
	void withRedisPausedNoCheckWaitsMoreThanTwoSeconds() throws Exception {
		UpdateRateLimiter limiter = connected(limiter(3, this.server.port()));
		limiter.acquire("alice");
		signal("STOP");

		// the Redis bucket is out of reach: the local one starts full
		for (int i = 0; i < 3; i++) {
			assertFast(() -> limiter.acquire("alice"));
		}
		assertFast(() -> assertThatExceptionOfType(RateLimitExceededException.class)
			.isThrownBy(() -> limiter.acquire("alice")));
		for (int i = 0; i < 20; i++) {
			String user = "user" + i;
			assertFast(() -> limiter.acquire(user));
		}
		assertThat(this.registry.counter("leaderboard.ratelimit.local").count()).isPositive();
	}

	private UpdateRateLimiter limiter(int perMinute, int port) {
		RedisConnector connector = new RedisConnector(new RedisSettings("127.0.0.1", port, PASSWORD, 4, false),
				TIMEOUT);
		this.open.add(connector);
		// the limiter holds no connection of its own: closing the connector closes all
		return new UpdateRateLimiter(perMinute, connector, new RedisGuard(TIMEOUT), new RedisKeys("rl:"),
				this.registry);
	}

	private static UpdateRateLimiter connected(UpdateRateLimiter limiter) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!limiter.redisConnected() && System.nanoTime() < deadline) {
			sleep(20);
		}
		assertThat(limiter.redisConnected()).isTrue();
		return limiter;
	}

	private static void assertFast(Runnable check) {
		long started = System.nanoTime();
		check.run();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Path pidFile = this.dir.resolve("redis").resolve("redis.pid");
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
			sleep(20);
		}
		String pid = Files.readString(pidFile).trim();
		Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
	}

	private void resume() {
		try {
			if (Files.exists(this.dir.resolve("redis").resolve("redis.pid"))) {
				signal("CONT");
			}
		}
		catch (IOException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int deadPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
