package app.leaderboard.operate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import FILE.csv [--dry-run]} as an operator runs it (docs/migration.md): exit
 * codes, one-line errors with the line number, nothing changed by a bad file or a dry
 * run, and an idempotent import with embedded servers.
 */
class ImportCliIT {

	private static final String HEADER = "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo\n";

	@TempDir
	Path dataDir;

	@TempDir
	Path files;

	private Map<String, String> embedded() {
		return Map.of("LEADERBOARD_DATA_DIR", this.dataDir.toString());
	}

	private Path write(String name, String text) throws Exception {
		Path file = this.files.resolve(name);
		Files.writeString(file, text, StandardCharsets.UTF_8);
		return file;
	}

	private static String users(int n) {
		StringBuilder text = new StringBuilder(HEADER);
		for (int i = 1; i <= n; i++) {
			text.append("user-")
				.append(i)
				.append(',')
				.append(i % 5)
				.append(',')
				.append(i % 5 + 1)
				.append(',')
				.append(i % 5 + 2)
				.append(',')
				.append(i % 5 + 30)
				.append('\n');
		}
		return text.toString();
	}

	private boolean postgresStarted() {
		return Files.exists(this.dataDir.resolve("postgres"));
	}

	@Test
	void usageErrorsExitTwo() throws Exception {
		CliRun.Result result = CliRun.run(embedded(), "import");
		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.errLines()).containsExactly("import: Missing required parameter: 'FILE.csv' (see --help)");
		result = CliRun.run(embedded(), "import", "a.csv", "--dry-rn");
		assertThat(result.exit()).isEqualTo(2);
		assertThat(result.errLines()).singleElement().asString().startsWith("import: Unknown option: '--dry-rn'");
		assertThat(CliRun.run(embedded(), "import", "--help").out()).contains("--dry-run");
		assertThat(postgresStarted()).isFalse();
	}

	@Test
	void aBadFileIsOneLineWithItsLineNumberExitOneAndChangesNothing() throws Exception {
		Path bad = write("bad.csv", users(3000) + "user-1,1,1,1,1\n" + "user-x,-4,1,1,1\n");

		CliRun.Result result = CliRun.run(embedded(), "import", bad.toString());

		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.errLines()).containsExactly("import: " + bad
				+ " line 3002: user_id 'user-1' already appeared on line 2 (and 1 more bad row after it); nothing was imported");
		assertThat(result.out()).isEmpty();
		// the file is checked before any store is contacted
		assertThat(postgresStarted()).isFalse();
		result = CliRun.run(embedded(), "import", this.files.resolve("missing.csv").toString(), "--dry-run");
		assertThat(result.exit()).isEqualTo(1);
		assertThat(result.errLines()).singleElement()
			.asString()
			.endsWith("missing.csv: no such readable file; nothing was imported");
	}

	@Test
	void aDryRunChecksAndChangesNothing() throws Exception {
		Path good = write("good.csv", users(3000));

		CliRun.Result result = CliRun.run(embedded(), "import", good.toString(), "--dry-run");

		assertThat(result.exit()).as(result.err()).isZero();
		assertThat(result.out()).isEqualTo(good + " is valid: 3,000 users (--dry-run: nothing was changed)\n");
		assertThat(postgresStarted()).isFalse();
	}

	@Test
	void anUnreachableStoreChangesNothingThenTheImportIsIdempotent() throws Exception {
		Path good = write("good.csv", "\uFEFF" + users(3000).replace("\n", "\r\n"));
		CliRun.Result unreachable = CliRun.run(
				Map.of("LEADERBOARD_DATA_DIR", this.dataDir.toString(), "REDIS_URL", "redis://127.0.0.1:1"), "import",
				good.toString());
		assertThat(unreachable.exit()).isEqualTo(1);
		assertThat(unreachable.errLines()).containsExactly("import: Redis at redis://127.0.0.1:1/0 is unreachable");

		// all 3,000 users are new: the failed run wrote nothing
		CliRun.Result first = CliRun.run(embedded(), "import", good.toString());

		assertThat(first.exit()).as(first.err()).isZero();
		assertThat(first.out()).startsWith("Imported " + good
				+ ": 3,000 users (3,000 new, 0 changed, 0 unchanged), 11,400 totals written; Redis loaded with 11,400 board members");
		assertThat(first.err()).contains("embedded Redis of its own");
		CliRun.Result second = CliRun.run(embedded(), "import", good.toString());
		assertThat(second.exit()).as(second.err()).isZero();
		assertThat(second.out()).startsWith("Imported " + good
				+ ": 3,000 users (0 new, 0 changed, 3,000 unchanged), 0 totals written; Redis loaded with 11,400 board members");
	}

}
