package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar refuses a bad setting with one line naming the variable, and exit 2. */
class StartupIT {

	private static Result run(Path dataDir, Map<String, String> env) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(
				List.of("java", "-jar", System.getProperty("leaderboard.jar", "target/leaderboard.jar")));
		builder.environment().put("LEADERBOARD_DATA_DIR", dataDir.toString());
		builder.environment().putAll(env);
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(),
				new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
				new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	private record Result(int exit, String out, String err) {
	}

	@Test
	void anUnknownTimeZoneStopsTheStartWithOneLine(@TempDir Path dataDir) throws Exception {
		Result result = run(dataDir, Map.of("LEADERBOARD_TIME_ZONE", "Mars/Olympus"));

		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.err().strip().lines())
			.containsExactly("Invalid configuration: LEADERBOARD_TIME_ZONE: 'Mars/Olympus' is not a known time zone");
		assertThat(result.out()).isEmpty();
	}

	@Test
	void aBadDatabaseUrlNamesTheVariableAndHidesThePassword(@TempDir Path dataDir) throws Exception {
		Result result = run(dataDir, Map.of("DATABASE_URL", "postgresql://app:hunter2@db:99999/x"));

		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.err().strip().lines()).hasSize(1);
		assertThat(result.err()).contains("DATABASE_URL").doesNotContain("hunter2");
	}

	@Test
	void aDatabaseOtherThanZeroOnAClusterStopsTheStart(@TempDir Path dataDir) throws Exception {
		Result result = run(dataDir, Map.of("REDIS_CLUSTER_NODES", "127.0.0.1:7000", "REDIS_DB", "1"));

		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.err().strip().lines()).containsExactly(
				"Invalid configuration: REDIS_DB: must be 0 with REDIS_CLUSTER_NODES: a Redis Cluster has only database 0");
	}

	@Test
	void aNegativePortIsRefused(@TempDir Path dataDir) throws Exception {
		Result result = run(dataDir, Map.of("SERVER_PORT", "-1"));

		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.err()).contains("SERVER_PORT");
	}

}
