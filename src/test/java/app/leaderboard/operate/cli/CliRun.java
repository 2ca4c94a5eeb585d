package app.leaderboard.operate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built jar as an operator would, with a chosen environment. */
final class CliRun {

	/**
	 * The service's variables: cleared first, so the machine's own settings never leak
	 * in.
	 */
	private static final List<String> VARIABLES = List.of("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD",
			"REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "REDIS_DB", "LEADERBOARD_DATA_DIR",
			"LEADERBOARD_KEYPREFIX", "LEADERBOARD_ADMIN_TOKEN", "SERVER_PORT");

	record Result(int exit, String out, String err) {

		List<String> errLines() {
			return this.err.lines().filter((line) -> !line.isBlank()).filter((line) -> !line.contains("%")).toList();
		}

	}

	private CliRun() {
	}

	static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
		String jar = System.getProperty("leaderboard.jar", "target/leaderboard.jar");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", jar));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		VARIABLES.forEach(builder.environment()::remove);
		builder.environment().putAll(env);
		Path out = Files.createTempFile("cli-out", ".txt");
		Path err = Files.createTempFile("cli-err", ".txt");
		builder.redirectOutput(out.toFile()).redirectError(err.toFile());
		Process process = builder.start();
		if (!process.waitFor(4, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("CLI did not end: " + String.join(" ", args));
		}
		Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
		Files.deleteIfExists(out);
		Files.deleteIfExists(err);
		return result;
	}

}
