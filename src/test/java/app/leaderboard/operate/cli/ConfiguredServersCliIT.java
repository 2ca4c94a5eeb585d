package app.leaderboard.operate.cli;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CLI against servers configured the way operators run them: PostgreSQL on
 * 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379, when they answer. Each run
 * uses a database of its own, dropped afterwards, and a key prefix of its own, whose keys
 * are deleted afterwards (never FLUSHDB: others may share that Redis).
 */
class ConfiguredServersCliIT {

	private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";

	private final String database = "lb_cli_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final String prefix = "lbit-" + UUID.randomUUID().toString().substring(0, 8) + ":";

	@BeforeEach
	void createDatabase() throws Exception {
		assumeTrue(answers(5432) && answers(6379), "no PostgreSQL on 127.0.0.1:5432 or Redis on 127.0.0.1:6379");
		try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
			connection.createStatement().execute("create database " + this.database);
		}
	}

	@AfterEach
	void dropDatabaseAndKeys() throws Exception {
		if (!answers(5432) || !answers(6379)) {
			return;
		}
		try (Connection connection = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
			connection.createStatement().execute("drop database if exists " + this.database + " with (force)");
		}
		RedisClient client = RedisClient.create("redis://127.0.0.1:6379/0");
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> page = redis.sync()
					.scan(cursor, ScanArgs.Builder.matches(this.prefix + "*").limit(1000));
				if (!page.getKeys().isEmpty()) {
					redis.sync().unlink(page.getKeys().toArray(String[]::new));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
		}
		finally {
			client.shutdown();
		}
	}

	private static boolean answers(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private Map<String, String> env() {
		return Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + this.database, "REDIS_URL",
				"redis://127.0.0.1:6379/0", "LEADERBOARD_KEYPREFIX", this.prefix);
	}

	@Test
	void generateInitStatusPerfRefresh() throws Exception {
		CliRun.Result generated = CliRun.run(env(), "generate", "--users", "20000", "--seed", "11");
		assertThat(generated.exit()).as(generated.err()).isZero();
		assertThat(generated.out()).startsWith("Generated 20,000 users");

		CliRun.Result before = CliRun.run(env(), "cache", "status");
		assertThat(before.exit()).as(before.err()).isZero();
		assertThat(before.out()).contains("key prefix '" + this.prefix + "'").contains("In sync      NO");

		CliRun.Result init = CliRun.run(env(), "cache", "init");
		assertThat(init.exit()).as(init.err()).isZero();
		assertThat(init.out()).startsWith("Loaded 20,000 users and ");
		assertThat(init.err()).doesNotContain("embedded Redis");

		CliRun.Result status = CliRun.run(env(), "cache", "status");
		assertThat(status.exit()).as(status.err()).isZero();
		assertThat(status.out()).contains("Users        20,000 in PostgreSQL, 20,000 in the cache")
			.contains("In sync      yes");
		for (String period : List.of("daily", "weekly", "monthly", "yearly")) {
			Matcher row = Pattern.compile("(?m)^" + period + "\\s+\\S+\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+0$")
				.matcher(status.out());
			assertThat(row.find()).as(status.out()).isTrue();
			assertThat(row.group(1)).isEqualTo(row.group(2)).isEqualTo(row.group(3));
		}

		CliRun.Result perf = CliRun.run(env(), "cache", "perf", "--requests", "200", "--warmup", "20", "--concurrency",
				"2");
		assertThat(perf.exit()).as(perf.err()).isZero();
		for (String kind : List.of("top-10", "top-100", "rank", "user")) {
			assertThat(perf.out()).containsPattern(
					"(?m)^" + kind + "\\s+200\\s+\\d+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+" + "\\s+[\\d.]+\\s+100\\.0%$");
		}
		CliRun.Result fallback = CliRun.run(env(), "cache", "perf", "--source", "postgres", "--requests", "50",
				"--warmup", "5", "--kinds", "top-10,rank");
		assertThat(fallback.exit()).as(fallback.err()).isZero();
		assertThat(fallback.out()).containsPattern("(?m)^rank\\s+50\\s.*\\s0\\.0%$");

		CliRun.Result refresh = CliRun.run(env(), "cache", "refresh");
		assertThat(refresh.exit()).as(refresh.err()).isZero();
		assertThat(refresh.out()).startsWith("Deleted ").contains("loaded 20,000 users");
		assertThat(CliRun.run(env(), "cache", "status", "--sample").out()).contains("In sync      yes");
	}

	@Test
	void unreachablePostgresIsOneLine() throws Exception {
		CliRun.Result result = CliRun.run(Map.of("DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nothing",
				"REDIS_URL", "redis://127.0.0.1:6379/0"), "generate", "--users", "5");
		assertThat(result.exit()).isNotZero();
		assertThat(result.errLines()).singleElement()
			.asString()
			.startsWith("generate: PostgreSQL at jdbc:postgresql://127.0.0.1:1/nothing is unreachable");
	}

}
