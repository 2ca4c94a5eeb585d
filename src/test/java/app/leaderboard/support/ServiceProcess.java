package app.leaderboard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built service jar ({@code java -jar target/leaderboard.jar}) run as a child process
 * with the embedded PostgreSQL and Redis, on a fixed port and data directory, so that it
 * can be killed with SIGKILL and started again on the same data.
 */
public final class ServiceProcess implements AutoCloseable {

	private final Path jar;

	private final Path dataDir;

	private final int port;

	private final Map<String, String> environment;

	private Process process;

	private int starts;

	public ServiceProcess(Path dataDir, Map<String, String> environment) {
		String jar = System.getProperty("leaderboard.jar");
		if (jar == null) {
			throw new IllegalStateException("Run through failsafe (./mvnw verify): it sets -Dleaderboard.jar");
		}
		this.jar = Path.of(jar);
		this.dataDir = dataDir.toAbsolutePath();
		this.port = Loopback.freePort();
		this.environment = environment;
	}

	public int port() {
		return this.port;
	}

	public Path dataDir() {
		return this.dataDir;
	}

	/** Starts the jar and waits until it answers HTTP. */
	public ServiceProcess start() {
		try {
			Files.createDirectories(this.dataDir);
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			ProcessBuilder builder = new ProcessBuilder(
					List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", this.jar.toString()));
			Map<String, String> env = builder.environment();
			env.keySet()
				.removeIf((name) -> name.startsWith("REDIS_") || name.startsWith("DATABASE_")
						|| name.startsWith("LEADERBOARD_") || name.equals("SERVER_PORT"));
			env.put("SERVER_PORT", Integer.toString(this.port));
			env.put("LEADERBOARD_DATA_DIR", this.dataDir.toString());
			env.put("LEADERBOARD_ADMIN_TOKEN", TestProperties.ADMIN_TOKEN);
			env.put("LEADERBOARD_RATE_LIMIT_PER_MINUTE", "0");
			env.putAll(this.environment);
			builder.redirectErrorStream(true);
			builder.redirectOutput(this.dataDir.resolve("service-" + (++this.starts) + ".log").toFile());
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		TestApi api = new TestApi(this.port);
		ProcessGroup.awaitReady("The service (see " + this.dataDir.resolve("service-" + this.starts + ".log") + ")",
				Duration.ofSeconds(180), Duration.ofMillis(250), this.process,
				() -> api.get("/actuator/health").status() > 0);
		return this;
	}

	/**
	 * SIGKILL: no shutdown hook runs; its PostgreSQL and Redis are left running,
	 * orphaned.
	 */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The JDBC URL of the embedded PostgreSQL, read from its pid file. */
	public String jdbcUrl() {
		try {
			List<String> lines = Files.readAllLines(this.dataDir.resolve("postgres").resolve("postmaster.pid"));
			return "jdbc:postgresql://127.0.0.1:" + lines.get(3).trim() + "/postgres";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stops the service gracefully, and anything it may have left behind. */
	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		stopOrphan(this.dataDir.resolve("redis").resolve("redis.pid"), "redis-server");
		stopOrphan(this.dataDir.resolve("postgres").resolve("postmaster.pid"), "postgres");
	}

	private static void stopOrphan(Path pidFile, String command) {
		try {
			if (!Files.exists(pidFile)) {
				return;
			}
			long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
			ProcessHandle.of(pid)
				.filter((p) -> p.info().command().map((c) -> c.contains(command)).orElse(false))
				.ifPresent((orphan) -> {
					orphan.destroy();
					orphan.onExit().completeOnTimeout(null, 20, TimeUnit.SECONDS).join();
					if (orphan.isAlive()) {
						orphan.destroyForcibly();
					}
				});
		}
		catch (IOException | RuntimeException ex) {
			// nothing left to stop
		}
	}

}
