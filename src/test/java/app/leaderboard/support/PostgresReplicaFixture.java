package app.leaderboard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL primary and a streaming replica on loopback ports, made the way an
 * operator makes them: {@code initdb} with {@code wal_level=replica}, then
 * {@code pg_basebackup -R} of the running primary, started as a hot standby. The binaries
 * are Debian's ({@code /usr/lib/postgresql/<version>/bin}, the package
 * {@code postgresql}; the embedded PostgreSQL's artifact has no {@code pg_basebackup}).
 * Without them the tests fail under CI ({@code CI=true}, where {@code .ci/run} installs
 * them) and are skipped elsewhere with a message that says what to install. PostgreSQL
 * refuses to run as root: as root, every command runs as the {@code postgres} user
 * ({@code runuser}), in a directory that user owns.
 */
public final class PostgresReplicaFixture extends Fixture {

	private static final String USER = "postgres";

	private final Path bin;

	private final Path directory;

	private final Server primary;

	private final Server replica;

	private PostgresReplicaFixture(Path bin, Path directory) {
		this.bin = bin;
		this.directory = directory;
		this.primary = new Server(directory.resolve("primary"), Loopback.freePort());
		this.replica = new Server(directory.resolve("replica"), Loopback.freePort());
	}

	/** Starts both servers under {@code directory}, or skips the test (see above). */
	public static PostgresReplicaFixture start(Path directory) {
		return start(new PostgresReplicaFixture(binaries(), directory.toAbsolutePath()));
	}

	private static Path binaries() {
		Optional<Path> found = Optional.empty();
		Path debian = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(debian)) {
			try (Stream<Path> versions = Files.list(debian)) {
				found = versions.map((version) -> version.resolve("bin"))
					.filter((bin) -> Files.isExecutable(bin.resolve("pg_basebackup"))
							&& Files.isExecutable(bin.resolve("initdb")))
					.max(Comparator.comparing((bin) -> Integer.parseInt(bin.getParent().getFileName().toString())));
			}
			catch (IOException | NumberFormatException ex) {
				found = Optional.empty();
			}
		}
		if (found.isEmpty()) {
			String message = "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed: "
					+ "apt-get install postgresql";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort(message);
		}
		return found.get();
	}

	@Override
	protected void startProcesses() {
		try {
			Files.createDirectories(this.directory);
			if (root()) {
				UserPrincipal postgres = this.directory.getFileSystem()
					.getUserPrincipalLookupService()
					.lookupPrincipalByName(USER);
				Files.setOwner(this.directory, postgres);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		run("initdb", "-D", this.primary.data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C");
		// wal_level=replica is the default since PostgreSQL 10; said here as the
		// replica needs it. fsync off: the tests kill processes, not the machine
		append(this.primary.data.resolve("postgresql.conf"),
				"listen_addresses = '127.0.0.1'\nport = " + this.primary.port
						+ "\nunix_socket_directories = ''\nwal_level = replica\nmax_wal_senders = 4\n"
						+ "max_connections = 100\nfsync = off\n");
		this.processes.start(() -> this.primary.start());
		run("pg_basebackup", "-h", "127.0.0.1", "-p", Integer.toString(this.primary.port), "-U", USER, "-D",
				this.replica.data.toString(), "-R", "-X", "stream", "-c", "fast");
		// after pg_basebackup's primary_conninfo in the same file: the replica's own port
		append(this.replica.data.resolve("postgresql.auto.conf"),
				"port = " + this.replica.port + "\nhot_standby = on\nhot_standby_feedback = on\n");
		this.processes.start(() -> this.replica.start());
		ProcessGroup.awaitReady("the replica's streaming", Duration.ofSeconds(30), Duration.ofMillis(50), null,
				() -> "streaming".equals(query(this.primary, "select state from pg_stat_replication")));
	}

	public Server primary() {
		return this.primary;
	}

	/** Stops both servers and deletes their data; the logs stay beside it. */
	@Override
	public void close() {
		super.close();
		for (Server server : List.of(this.replica, this.primary)) {
			if (Files.isDirectory(server.data)) {
				try (Stream<Path> files = Files.walk(server.data)) {
					files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
	}

	public Server replica() {
		return this.replica;
	}

	/**
	 * The settings that point the service at the primary, and its reads at the replica.
	 */
	public Map<String, String> properties() {
		return Map.of("leaderboard.database.url", this.primary.jdbcUrl(), "leaderboard.database.user", USER,
				"leaderboard.database.read-url", this.replica.jdbcUrl());
	}

	/** The first column of the first row of {@code sql} on {@code server}, as text. */
	public static String query(Server server, String sql) throws SQLException {
		try (Connection connection = server.connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			return rs.next() ? rs.getString(1) : null;
		}
	}

	/** Every first column of {@code sql} on {@code server}, as text. */
	public static List<String> list(Server server, String sql) throws SQLException {
		try (Connection connection = server.connect();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			List<String> values = new ArrayList<>();
			while (rs.next()) {
				values.add(rs.getString(1));
			}
			return values;
		}
	}

	private static boolean root() {
		return "root".equals(System.getProperty("user.name"));
	}

	/** Runs a PostgreSQL program to its end, as the postgres user when we are root. */
	private void run(String program, String... arguments) {
		List<String> command = new ArrayList<>();
		if (root()) {
			command.addAll(List.of("runuser", "-u", USER, "--"));
		}
		command.add(this.bin.resolve(program).toString());
		command.addAll(List.of(arguments));
		Path log = this.directory.resolve(program + ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(program + " did not end within 120 s (see " + log + ")");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						program + " exited with " + process.exitValue() + ": " + Files.readString(log));
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

	private static void append(Path file, String lines) {
		try {
			Files.writeString(file, Files.readString(file) + "\n" + lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One of the two servers: its data directory and port. */
	public final class Server implements AutoCloseable {

		private final Path data;

		private final int port;

		private Server(Path data, int port) {
			this.data = data;
			this.port = port;
		}

		public int port() {
			return this.port;
		}

		public String jdbcUrl() {
			return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
		}

		public Connection connect() throws SQLException {
			return DriverManager.getConnection(jdbcUrl(), USER, "");
		}

		/** Starts the server and waits until it takes connections. */
		public Server start() {
			run("pg_ctl", "-D", this.data.toString(), "-l", this.data.getParent().resolve(name() + ".log").toString(),
					"-w", "-t", "60", "start");
			return this;
		}

		/**
		 * SIGKILL to the postmaster and every process it started: connections drop at
		 * once, as when its machine dies.
		 */
		public void kill() {
			postmaster().ifPresent((postmaster) -> {
				postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
				postmaster.destroyForcibly();
				try {
					postmaster.onExit().get(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException("PostgreSQL " + name() + " did not die", ex);
				}
			});
		}

		private Optional<ProcessHandle> postmaster() {
			Path pid = this.data.resolve("postmaster.pid");
			try {
				if (!Files.exists(pid)) {
					return Optional.empty();
				}
				return ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim()))
					.filter(ProcessHandle::isAlive);
			}
			catch (IOException | RuntimeException ex) {
				return Optional.empty();
			}
		}

		private String name() {
			return this.data.getFileName().toString();
		}

		@Override
		public void close() {
			if (postmaster().isPresent()) {
				run("pg_ctl", "-D", this.data.toString(), "-m", "immediate", "-w", "stop");
			}
		}

	}

}
