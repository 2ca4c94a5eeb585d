package app.leaderboard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * One redis-server process (cluster node, replica or Sentinel) on a loopback port, in a
 * directory of its own, started from the binary inside the embedded-redis artifact (Redis
 * 6.2, so nothing has to be installed). {@link #kill()} is SIGKILL.
 */
public final class RedisNode implements AutoCloseable {

	/** Netty's threads for every fixture connection, never shut down (daemon threads). */
	private static final ClientResources SHARED_THREADS = DefaultClientResources.create();

	private static Path binary;

	private final int port;

	private final Path directory;

	private final List<String> arguments;

	private Process process;

	private RedisNode(int port, Path directory, List<String> arguments) {
		this.port = port;
		this.directory = directory;
		this.arguments = arguments;
	}

	/**
	 * Starts {@code redis-server} with the given settings ({@code --name value}) after
	 * port, bind, dir and no persistence; {@code config} (may be null) is written first
	 * as a config file (Sentinels need one they can rewrite).
	 */
	public static RedisNode start(Path directory, String config, String... settings) {
		int port = Loopback.freePort();
		try {
			Files.createDirectories(directory);
			List<String> command = new ArrayList<>(List.of(binary().toString()));
			if (config != null) {
				Path file = directory.resolve("redis.conf");
				Files.writeString(file, config.replace("${port}", Integer.toString(port)));
				command.add(file.toString());
			}
			command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir",
					directory.toAbsolutePath().toString(), "--save", "", "--appendonly", "no"));
			command.addAll(List.of(settings));
			RedisNode node = new RedisNode(port, directory, command);
			node.launch();
			return node;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void launch() {
		try {
			ProcessBuilder builder = new ProcessBuilder(this.arguments);
			builder.redirectErrorStream(true);
			builder.redirectOutput(this.directory.resolve("redis.log").toFile());
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ProcessGroup.awaitReady("redis-server on " + this.port + " (see " + this.directory.resolve("redis.log") + ")",
				Duration.ofSeconds(10), Duration.ofMillis(20), this.process, () -> {
					call(RedisCommands::ping);
					return true;
				});
	}

	public int port() {
		return this.port;
	}

	public String address() {
		return "127.0.0.1:" + this.port;
	}

	public boolean alive() {
		return this.process.isAlive();
	}

	/** SIGKILL: connections drop at once, whatever was not replicated is gone. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Runs commands on a short-lived connection of its own. The connections share one set
	 * of Netty threads: a client with threads of its own for each call (a cluster's
	 * formation polls six nodes every 100 ms) started and stopped them hundreds of times,
	 * and once a poll outlasted the fixture's 30 s wait on a loaded machine.
	 */
	public <T> T call(Function<RedisCommands<String, String>, T> work) {
		return call(this.port, work);
	}

	/** {@link #call(Function)} on the Redis at 127.0.0.1:{@code port}. */
	static <T> T call(int port, Function<RedisCommands<String, String>, T> work) {
		RedisClient client = RedisClient.create(SHARED_THREADS,
				RedisURI.builder().withHost("127.0.0.1").withPort(port).withTimeout(Duration.ofSeconds(5)).build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return work.apply(connection.sync());
		}
		finally {
			// the shared threads stay
			client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		}
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			kill();
		}
	}

	/** The artifact's redis-server for this machine, copied out once per JVM. */
	static synchronized Path binary() {
		if (binary != null) {
			return binary;
		}
		String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
		String name = switch (arch) {
			case "aarch64", "arm64" -> "redis-server-6.2.7-linux-arm64";
			default -> "redis-server-6.2.6-v5-linux-amd64";
		};
		try (InputStream in = RedisNode.class.getResourceAsStream("/" + name)) {
			if (in == null) {
				throw new IllegalStateException("The embedded-redis artifact has no " + name);
			}
			Path file = Files.createTempFile("redis-server-", "");
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			file.toFile().setExecutable(true);
			file.toFile().deleteOnExit();
			binary = file;
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
