package app.leaderboard.operate.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Dispatch, help and usage errors: none of them may start a server. */

import app.leaderboard.LeaderboardApplication;

class LeaderboardCliTests {

	@Test
	void handlesOnlyItsOwnCommands() {
		assertThat(LeaderboardCli.handles(new String[] { "cache", "status" })).isTrue();
		assertThat(LeaderboardCli.handles(new String[] { "generate", "--users", "5" })).isTrue();
		assertThat(LeaderboardCli.handles(new String[] {})).isFalse();
		assertThat(LeaderboardCli.handles(new String[] { "--server.port=9000" })).isFalse();
	}

	@Test
	void helpAndUsageErrorsNeedNoServer() {
		PrintStream out = System.out;
		PrintStream err = System.err;
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		ByteArrayOutputStream stderr = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
			assertThat(LeaderboardCli.run(new String[] { "cache", "perf", "--help" }, LeaderboardApplication.class))
				.isZero();
			assertThat(LeaderboardCli.run(new String[] { "cache", "perf", "--requests", "many" },
					LeaderboardApplication.class))
				.isEqualTo(2);
			assertThat(LeaderboardCli.run(new String[] { "cache" }, LeaderboardApplication.class)).isEqualTo(2);
		}
		finally {
			System.setOut(out);
			System.setErr(err);
		}
		assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("--concurrency").contains("--requests");
		assertThat(stderr.toString(StandardCharsets.UTF_8).lines()).containsExactly(
				"cache perf: Invalid value for option '--requests': 'many' is not an int (see --help)",
				"cache: Missing command: status, init, refresh or perf (see --help)");
	}

}
