package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;

import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.support.Loopback;
import app.leaderboard.support.TestApi;

/**
 * The configured-servers path: with a database URL and a Redis host set, the service uses
 * them and starts nothing. Runs when PostgreSQL and Redis answer on 127.0.0.1's standard
 * ports (they do on the CI machines), in a fresh database and under its own key prefix,
 * so it never touches anyone else's data.
 */
class ConfiguredServersIntegrationTests {

	@Test
	void theServiceUsesConfiguredPostgresAndRedis(@TempDir Path dataDir) throws SQLException {
		assumeTrue(Loopback.answers(5432) && Loopback.answers(6379), "PostgreSQL and Redis do not answer on 127.0.0.1");
		String database = "leaderboard_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String prefix = "lbconfigured-" + UUID.randomUUID() + ":";
		try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
				"")) {
			admin.createStatement().execute("create database " + database);
		}
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LeaderboardApplication.class).run(
				"--server.port=0", "--leaderboard.data-dir=" + dataDir,
				"--leaderboard.database.url=postgresql://postgres@127.0.0.1:5432/" + database,
				"--leaderboard.redis.url=redis://127.0.0.1:6379/0", "--leaderboard.key-prefix=" + prefix)) {
			TestApi api = new TestApi(((WebServerApplicationContext) context).getWebServer().getPort());
			assertThat(api.update("alice", 3).status()).isEqualTo(200);
			assertThat(api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.daily_pomo").isEqualTo(3);
			assertThat(api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(1);
			assertThat(dataDir.resolve("postgres")).as("no embedded PostgreSQL was started").doesNotExist();
			assertThat(dataDir.resolve("redis")).as("no embedded Redis was started").doesNotExist();
			assertThat(api.delete("/api/redis-leaderboard/admin/cache", "Authorization", "Bearer wrong").status())
				.isEqualTo(403);
			try (Connection used = context.getBean(DataSource.class).getConnection()) {
				assertThat(used.getMetaData().getURL()).endsWith("/" + database);
			}
			context.getBean(RedisInspection.class).deleteOwnKeys();
		}
		finally {
			try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres",
					"")) {
				admin.createStatement().execute("drop database if exists " + database + " with (force)");
			}
		}
	}

}
