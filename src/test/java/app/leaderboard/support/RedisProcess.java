package app.leaderboard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.api.sync.RedisCommands;

import redis.embedded.RedisServer;
import java.util.function.Function;

/**
 * A real redis-server (the binary of the embedded-redis artifact, never one installed on
 * the machine) whose process the test controls: killed with SIGKILL, paused with SIGSTOP,
 * resumed, restarted empty on the same port, or flushed from outside. The pid comes from
 * the server's own pidfile.
 */
public final class RedisProcess implements AutoCloseable {

	private final int port;

	private final Path directory;

	private RedisServer server;

	private long pid;

	private RedisProcess(int port, Path directory) {
		this.port = port;
		this.directory = directory;
	}

	/** Starts a redis-server on a free loopback port, keeping nothing on disk. */
	public static RedisProcess start(Path directory) {
		RedisProcess redis = new RedisProcess(Loopback.freePort(), directory.toAbsolutePath());
		redis.restart();
		return redis;
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.pid;
	}

	/**
	 * Starts (again) on the same port: an empty Redis, as after a crash without
	 * persistence.
	 */
	public synchronized void restart() {
		try {
			Files.createDirectories(this.directory);
			Path pidFile = this.directory.resolve("redis-" + this.port + ".pid");
			Files.deleteIfExists(pidFile);
			this.server = RedisServer.newRedisServer()
				.port(this.port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.setting("pidfile " + pidFile)
				.setting("dir " + this.directory)
				.build();
			this.server.start();
			ProcessGroup.awaitReady("redis-server on " + this.port + " (its pidfile " + pidFile + ")",
					Duration.ofSeconds(10), Duration.ofMillis(10), null,
					() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
			this.pid = Long.parseLong(Files.readString(pidFile).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SIGKILL: connections drop at once, the data is gone. */
	public synchronized void kill() {
		ProcessHandle.of(this.pid).ifPresent((process) -> {
			signal("CONT");
			process.destroyForcibly();
			process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
		});
		try {
			// the embedded-redis wrapper still thinks its process runs; let it notice
			this.server.stop();
		}
		catch (IOException | RuntimeException ex) {
			// already dead, which is the point
		}
	}

	/** SIGSTOP: connections stay open and nothing answers (a hung Redis). */
	public void pause() {
		signal("STOP");
	}

	/** SIGCONT: the paused server carries on, and answers everything it buffered. */
	public void resume() {
		signal("CONT");
	}

	/** The settings that point the service at this Redis. */
	public Map<String, String> properties() {
		return Map.of("leaderboard.redis.host", "127.0.0.1", "leaderboard.redis.port", Integer.toString(this.port));
	}

	public boolean alive() {
		return ProcessHandle.of(this.pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/**
	 * Runs commands on a connection of its own, as another client of this Redis would.
	 */
	public <T> T call(Function<RedisCommands<String, String>, T> work) {
		return RedisNode.call(this.port, work);
	}

	public void flushAll() {
		call(RedisCommands::flushall);
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.pid)).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + this.pid + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public synchronized void close() {
		if (alive()) {
			kill();
		}
	}

}
