package app.leaderboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.DriverManager;

import app.leaderboard.LeaderboardApplication;
import app.leaderboard.support.TestApi;

/**
 * The embedded default keeps PostgreSQL's data under the data directory across restarts.
 */
class EmbeddedRestartIntegrationTests {

	private static ConfigurableApplicationContext start(Path dataDir) {
		// command-line arguments: they win over application.yml, as an operator's would
		return new SpringApplicationBuilder(LeaderboardApplication.class).run("--server.port=0",
				"--leaderboard.data-dir=" + dataDir, "--leaderboard.key-prefix=lbrestart:");
	}

	private static TestApi api(ConfigurableApplicationContext context) {
		return new TestApi(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	@Test
	void aDataDirectoryInUseIsNotTakenOver(@TempDir Path dataDir) throws Exception {
		try (EmbeddedPostgresServer running = EmbeddedPostgresServer.start(dataDir)) {
			assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir)).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("in use by another running process");
			try (var connection = DriverManager.getConnection(running.jdbcUrl(), "postgres", "")) {
				assertThat(connection.isValid(2)).as("the running server was left alone").isTrue();
			}
		}
	}

	@Test
	void aRestartLosesNothing(@TempDir Path dataDir) {
		try (ConfigurableApplicationContext first = start(dataDir)) {
			assertThat(api(first).update("alice", 3).status()).isEqualTo(200);
			assertThat(api(first).update("bob", 2).status()).isEqualTo(200);
		}
		assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();

		try (ConfigurableApplicationContext second = start(dataDir)) {
			TestApi api = api(second);
			assertThat(api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.daily_pomo").isEqualTo(3);
			assertThat(api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(2);
			assertThat(api.update("alice", 1).body()).extractingPath("$.yearly_pomo").isEqualTo(4);
		}
	}

}
