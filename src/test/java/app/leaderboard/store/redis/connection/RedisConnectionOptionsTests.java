package app.leaderboard.store.redis.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import io.lettuce.core.AclSetuserArgs;

import app.leaderboard.config.RedisSettings;
import app.leaderboard.store.redis.coordination.LockWatchdog;
import app.leaderboard.store.redis.coordination.RedisLocks;

/**
 * {@code REDIS_PASSWORD}, {@code REDIS_DB} and {@code rediss://} against real
 * redis-servers: AUTH and database selection with the embedded-redis binary (there on
 * every machine), TLS with the system's redis-server where it has one built with TLS (the
 * embedded binary is not), behind a self-signed certificate made here with keytool.
 */
class RedisConnectionOptionsTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final Path SYSTEM_REDIS = Path.of("/usr/bin/redis-server");

	@TempDir
	Path dir;

	@Test
	void authAndDatabaseFromTheUrlAndFromTheSeparateVariables() throws Exception {
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start(this.dir, "p@ss:word")) {
			int port = server.port();
			assertWritesInto(
					RedisSettings.parse("redis://:p%40ss%3Aword@127.0.0.1:" + port + "/5", null, null, null, null),
					port, "p@ss:word", 5);
			assertWritesInto(RedisSettings.parse(null, "127.0.0.1", Integer.toString(port), "p@ss:word", "3"), port,
					"p@ss:word", 3);
		}
	}

	@Test
	void anAclUserFromTheUrl() throws Exception {
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start(this.dir, "admin-pass")) {
			int port = server.port();
			try (RedisClient client = RedisClient.create(RedisURI.builder()
				.withHost("127.0.0.1")
				.withPort(port)
				.withPassword("admin-pass".toCharArray())
				.build()); StatefulRedisConnection<String, String> admin = client.connect()) {
				admin.sync()
					.aclSetuser("board-app",
							AclSetuserArgs.Builder.on().addPassword("app-secret").allKeys().allCommands());
			}
			RedisSettings settings = RedisSettings.parse("redis://board-app:app-secret@127.0.0.1:" + port + "/1", null,
					null, null, null);

			assertThat(settings.username()).isEqualTo("board-app");
			assertThat(settings.toString()).doesNotContain("app-secret");
			try (RedisConnector connector = new RedisConnector(settings, TIMEOUT)) {
				Probe boards = probe(connector);
				assertThat(awaitPing(boards)).isTrue();
				assertThat(boards.tryLock("opt:acl-probe", Duration.ofMinutes(1))).isPresent();
			}
		}
	}

	@Test
	void aWrongOrMissingPasswordNeverConnects() throws Exception {
		try (EmbeddedRedisServer server = EmbeddedRedisServer.start(this.dir, "right")) {
			for (String password : new String[] { "wrong", null }) {
				try (RedisConnector connector = new RedisConnector(
						new RedisSettings("127.0.0.1", server.port(), password, 0, false), TIMEOUT)) {
					Probe boards = probe(connector);
					Thread.sleep(1500);
					assertThat(boards.ping()).isFalse();
				}
			}
		}
	}

	@Test
	void tlsWithRediss() throws Exception {
		assumeTrue(Files.isExecutable(SYSTEM_REDIS), "no system redis-server to test TLS with");
		Path keystore = selfSignedCertificate();
		int port = freePort();
		Process redis = new ProcessBuilder(SYSTEM_REDIS.toString(), "--port", "0", "--tls-port", Integer.toString(port),
				"--bind", "127.0.0.1", "--tls-cert-file", this.dir.resolve("cert.pem").toString(), "--tls-key-file",
				this.dir.resolve("key.pem").toString(), "--tls-auth-clients", "no", "--requirepass", "tls-pass",
				"--save", "", "--appendonly", "no", "--dir", this.dir.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("redis.log").toFile())
			.start();
		String trustStore = System.getProperty("javax.net.ssl.trustStore");
		try {
			Thread.sleep(300);
			assumeTrue(redis.isAlive(), "the system redis-server was built without TLS");
			System.setProperty("javax.net.ssl.trustStore", keystore.toString());
			System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
			System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
			RedisSettings settings = RedisSettings.parse("rediss://:tls-pass@127.0.0.1:" + port + "/2", null, null,
					null, null);
			assertThat(settings.tls()).isTrue();
			try (RedisConnector connector = new RedisConnector(settings, TIMEOUT)) {
				Probe boards = probe(connector);
				assertThat(awaitPing(boards)).isTrue();
				assertThat(boards.tryLock("tls:probe", Duration.ofMinutes(1))).isPresent();
				assertThat(boards.locked("tls:probe")).isTrue();
			}
		}
		finally {
			restore("javax.net.ssl.trustStore", trustStore);
			System.clearProperty("javax.net.ssl.trustStorePassword");
			System.clearProperty("javax.net.ssl.trustStoreType");
			redis.destroy();
			redis.waitFor(5, TimeUnit.SECONDS);
		}
	}

	private static void assertWritesInto(RedisSettings settings, int port, String password, int database) {
		assertThat(settings.password()).isEqualTo(password);
		assertThat(settings.database()).isEqualTo(database);
		assertThat(settings.toString()).doesNotContain(password);
		try (RedisConnector connector = new RedisConnector(settings, TIMEOUT)) {
			Probe boards = probe(connector);
			assertThat(awaitPing(boards)).isTrue();
			String key = "opt:probe:" + database;
			assertThat(boards.tryLock(key, Duration.ofMinutes(1))).isPresent();
			try (RedisClient client = RedisClient.create(RedisURI.builder()
				.withHost("127.0.0.1")
				.withPort(port)
				.withPassword(password.toCharArray())
				.withDatabase(database)
				.build()); StatefulRedisConnection<String, String> raw = client.connect()) {
				assertThat(raw.sync().exists(key)).isEqualTo(1);
				raw.sync().select(0);
				assertThat(raw.sync().exists(key)).isZero();
			}
		}
	}

	/**
	 * The health probe (PING, interactive connection) and the locks (bulk connection).
	 */
	private record Probe(RedisHealthIndicator health, RedisLocks locks) {

		boolean ping() {
			return this.health.ping();
		}

		Optional<String> tryLock(String key, Duration ttl) {
			return this.locks.tryLock(key, ttl);
		}

		boolean locked(String key) {
			return this.locks.locked(key);
		}

	}

	private static Probe probe(RedisConnector connector) {
		RedisGuard guard = new RedisGuard(TIMEOUT);
		return new Probe(new RedisHealthIndicator(connector, guard),
				new RedisLocks(connector, guard, new LockWatchdog()));
	}

	/** Both connections up: PING uses the interactive one, EXISTS the bulk one. */
	private static boolean awaitPing(Probe boards) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			try {
				if (boards.ping()) {
					boards.locked("opt:none");
					return true;
				}
			}
			catch (RedisUnavailableException ex) {
				// the bulk connection is still being set up
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	/** keytool (in every JDK) makes the key pair; Redis wants it as PEM files. */
	private Path selfSignedCertificate() throws Exception {
		Path keystore = this.dir.resolve("redis.p12");
		Process keytool = new ProcessBuilder(
				List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias",
						"redis", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-ext",
						"san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
						keystore.toString(), "-storepass", "changeit", "-keypass", "changeit"))
			.redirectErrorStream(true)
			.start();
		keytool.getInputStream().readAllBytes();
		assertThat(keytool.waitFor()).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			store.load(in, "changeit".toCharArray());
		}
		Key key = store.getKey("redis", "changeit".toCharArray());
		Certificate certificate = store.getCertificate("redis");
		Files.writeString(this.dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
		Files.writeString(this.dir.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
		return keystore;
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void restore(String property, String value) {
		if (value == null) {
			System.clearProperty(property);
		}
		else {
			System.setProperty(property, value);
		}
	}

}
