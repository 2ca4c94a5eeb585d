package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import app.leaderboard.support.Load;
import app.leaderboard.support.ServiceProcess;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.TestApi;

/**
 * The service jar killed with SIGKILL under load, then started again on the same data
 * directory: every acknowledged update is in PostgreSQL (exactly once: the writers
 * re-send unanswered updates with their Idempotency-Key), and Redis, started empty,
 * converges to PostgreSQL by itself.
 */
class KillNineIT {

	private ServiceProcess service;

	@AfterEach
	void stop() {
		if (this.service != null) {
			this.service.close();
		}
	}

	@Test
	void aServiceKilledUnderLoadLosesNoAcknowledgedUpdateAndRedisConverges() throws Exception {
		this.service = new ServiceProcess(Path.of("target", "it-data", UUID.randomUUID().toString()), Map.of()).start();
		TestApi api = new TestApi(this.service.port());
		List<String> users = IntStream.range(0, 8).mapToObj((i) -> "user" + i).toList();
		Load load = new Load(api, users, 6).withScopes().start();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.updates() > 200);
		long acknowledgedBeforeKill = load.updates();

		this.service.kill();
		Load.sleep(500);
		this.service.start();
		long restartedAt = load.updates();
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> load.updates() > restartedAt + 200);
		load.stop();

		assertThat(acknowledgedBeforeKill).isPositive();
		assertThat(load.failedAttempts()).as("updates sent while the service was down").isPositive();
		Map<String, Long> acknowledged = load.acknowledged();
		for (String period : List.of("daily", "weekly", "monthly", "yearly")) {
			assertThat(postgresTotals(period)).as(period).isEqualTo(acknowledged);
		}
		// Redis, empty after the restart, catches up by itself: reads from it agree
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			for (String period : List.of("daily", "weekly", "monthly", "yearly")) {
				Response board = api.get("/api/redis-leaderboard/" + period + "?limit=100");
				assertThat(board.source()).isEqualTo("redis");
				assertThat(totals(board)).as(period).isEqualTo(acknowledged);
			}
		});
		// and so does every region's and organisation's board (users kept moving)
		Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			for (String period : List.of("daily", "weekly", "monthly", "yearly")) {
				for (String region : Load.REGIONS) {
					assertScoped(api, period, "region", region);
				}
				for (String org : Load.ORGS) {
					assertScoped(api, period, "org", org);
				}
			}
		});
		// the boards can match before the relay has forgotten the last outbox rows: rows
		// of updates whose Redis write failed while Redis was still connecting are
		// relayed once they are 3 s old, on the next 2 s tick
		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(outbox()).isZero());
	}

	private void assertScoped(TestApi api, String period, String kind, String name) throws SQLException {
		Response board = api.get("/api/redis-leaderboard/" + period + "?limit=100&" + kind + "=" + name);
		assertThat(board.source()).isEqualTo("redis");
		Map<String, Long> expected = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(this.service.jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select t.user_id, t.total from period_totals t "
						+ "join users u on u.user_id = t.user_id where t.period = '" + period + "' and u." + kind
						+ " = '" + name + "' and t.period_start = (select max(period_start) from period_totals "
						+ "where period = '" + period + "')")) {
			while (rs.next()) {
				expected.put(rs.getString(1), rs.getLong(2));
			}
		}
		assertThat(totals(board)).as(period + " " + kind + " " + name).isEqualTo(expected);
		assertThat(board.body()).extractingPath("$.total").isEqualTo(expected.size());
	}

	private static Map<String, Long> totals(Response board) {
		Map<String, Long> totals = new TreeMap<>();
		int count = board.read("$.entries.length()");
		for (int i = 0; i < count; i++) {
			String userId = board.read("$.entries[" + i + "].user_id");
			Number score = board.read("$.entries[" + i + "].score");
			totals.put(userId, score.longValue());
		}
		return totals;
	}

	private Map<String, Long> postgresTotals(String period) throws SQLException {
		Map<String, Long> totals = new TreeMap<>();
		try (Connection connection = DriverManager.getConnection(this.service.jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select user_id, total from period_totals where period = '"
						+ period + "' and period_start = (select max(period_start) from period_totals where period = '"
						+ period + "')")) {
			while (rs.next()) {
				totals.put(rs.getString(1), rs.getLong(2));
			}
		}
		return totals;
	}

	private long outbox() throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.service.jdbcUrl(), "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from outbox")) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
