package app.leaderboard.operate.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI as a child process of the built jar, with embedded servers in a temporary data
 * directory: help without any server, a generate/init/status round, and the one-line
 * failure when Redis cannot be reached.
 */
class CacheCliIT {

	@TempDir
	Path dataDir;

	private Map<String, String> embedded() {
		return Map.of("LEADERBOARD_DATA_DIR", this.dataDir.toString());
	}

	@Test
	void helpWorksForEveryCommandWithoutStartingAnything() throws Exception {
		for (String[] args : new String[][] { { "cache", "--help" }, { "cache", "status", "--help" },
				{ "cache", "init", "--help" }, { "cache", "refresh", "--help" }, { "cache", "perf", "--help" },
				{ "generate", "--help" } }) {
			CliRun.Result result = CliRun.run(embedded(), args);
			assertThat(result.exit()).as(String.join(" ", args)).isZero();
			assertThat(result.out()).contains("Usage:");
		}
		// nothing was started, so nothing was written
		assertThat(Files.exists(this.dataDir.resolve("postgres"))).isFalse();
	}

	@Test
	void usageErrorsAreOneLineAndExitTwo() throws Exception {
		CliRun.Result result = CliRun.run(embedded(), "cache", "statuz");
		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.errLines()).hasSize(1);
		assertThat(result.errLines().get(0)).startsWith("cache: ").contains("statuz");
		result = CliRun.run(embedded(), "generate");
		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.errLines())
			.containsExactly("generate: Missing required option: '--users=<users>' (see --help)");
	}

	@Test
	void unreachableRedisIsOneLineAndANonZeroExit() throws Exception {
		CliRun.Result result = CliRun.run(
				Map.of("LEADERBOARD_DATA_DIR", this.dataDir.toString(), "REDIS_URL", "redis://127.0.0.1:1"), "cache",
				"status");
		assertThat(result.exit()).isNotZero();
		assertThat(result.errLines()).containsExactly("cache status: Redis at redis://127.0.0.1:1/0 is unreachable");
		assertThat(result.out()).isEmpty();
	}

	@Test
	void generateThenInitThenStatusWithEmbeddedServers() throws Exception {
		CliRun.Result generated = CliRun.run(embedded(), "generate", "--users", "3000", "--seed", "9");
		assertThat(generated.exit()).as(generated.err()).isZero();
		assertThat(generated.out()).startsWith("Generated 3,000 users");
		// the data directory keeps the data: a second generate refuses to mix with it
		CliRun.Result again = CliRun.run(embedded(), "generate", "--users", "10");
		assertThat(again.exit()).isEqualTo(1);
		assertThat(again.errLines()).singleElement().asString().contains("already holds 3,000 users");
		// each run has its own embedded Redis: init loads it, and says that it goes away
		CliRun.Result init = CliRun.run(embedded(), "cache", "init");
		assertThat(init.exit()).as(init.err()).isZero();
		assertThat(init.out()).startsWith("Loaded 3,000 users and ");
		assertThat(init.err()).contains("embedded Redis of its own");
		CliRun.Result status = CliRun.run(embedded(), "cache", "status");
		assertThat(status.exit()).as(status.err()).isZero();
		assertThat(status.out()).contains("Users        3,000 in PostgreSQL, 0 in the cache")
			.contains("not loaded")
			.contains("In sync      NO");
	}

}
