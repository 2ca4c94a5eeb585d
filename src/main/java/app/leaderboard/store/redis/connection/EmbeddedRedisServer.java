package app.leaderboard.store.redis.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.RedisServer;
import java.net.InetAddress;

/**
 * A real redis-server (from the embedded-redis artifact) started when no Redis is
 * configured. It binds 127.0.0.1 on a free port and keeps nothing on disk: Redis is a
 * cache here, rebuilt from PostgreSQL whenever it starts empty.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

	private final RedisServer server;

	private final int port;

	private EmbeddedRedisServer(RedisServer server, int port) {
		this.server = server;
		this.port = port;
	}

	public static EmbeddedRedisServer start(Path dataDir, String password) {
		try {
			Path directory = dataDir.resolve("redis").toAbsolutePath();
			Files.createDirectories(directory);
			Path pidFile = directory.resolve("redis.pid");
			stopOrphan(pidFile);
			int port = freePort();
			RedisServer server = RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.setting("pidfile " + pidFile)
				.setting("dir " + directory)
				.settingIf(password != null, "requirepass " + password)
				.build();
			server.start();
			log.info("Started embedded Redis on 127.0.0.1:{} (set REDIS_URL or REDIS_HOST to use your own)", port);
			return new EmbeddedRedisServer(server, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded Redis", ex);
		}
	}

	/** A service killed with SIGKILL leaves its redis-server running; stop it. */
	private static void stopOrphan(Path pidFile) throws IOException {
		if (!Files.exists(pidFile)) {
			return;
		}
		try {
			long pid = Long.parseLong(Files.readString(pidFile).trim());
			ProcessHandle.of(pid)
				.filter((p) -> p.info().command().map((c) -> c.contains("redis-server")).orElse(false))
				.ifPresent(ProcessHandle::destroyForcibly);
		}
		catch (NumberFormatException ex) {
			// not ours to judge: a garbled pid file is simply replaced
		}
		Files.deleteIfExists(pidFile);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	public int port() {
		return this.port;
	}

	@Override
	public void close() throws IOException {
		this.server.stop();
	}

}
