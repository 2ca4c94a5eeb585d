package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import app.leaderboard.store.redis.coordination.JobLease;
import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestClockConfiguration;
import app.leaderboard.support.TestProperties;

/**
 * "Erased means gone" across instances and through a Redis that missed the erasure
 * (docs/consistency.md, "Erasure"): this test's context, A, and a second instance, B,
 * share one PostgreSQL and one redis-server that the test kills and restarts with the
 * data it had saved.
 */
@TestPropertySource(properties = ErasureFaultIntegrationTests.KEY_PREFIX)
class ErasureFaultIntegrationTests extends RedisProcessTestBase {

	static final String KEY_PREFIX = "leaderboard.key-prefix=lberase:";

	private static final String ADMIN = "/api/redis-leaderboard/admin/users/";

	private static ConfigurableApplicationContext instanceB;

	@Autowired
	DataSource dataSource;

	TestApi a;

	TestApi b;

	@BeforeEach
	void bothInstancesRunning() {
		if (instanceB == null) {
			// stopped after the class, before its Redis
			instanceB = processes.start(() -> startInstanceB(((HikariDataSource) this.dataSource).getJdbcUrl()));
		}
		this.a = this.api;
		this.b = new TestApi(ServiceInstances.port(instanceB));
	}

	@Test
	void afterTheAnswerOfAnErasureOnOneInstanceNoReadOnTheOtherShowsTheUser() {
		update(this.a, "erin", 5, "eu", "acme");
		update(this.a, "bob", 3, "eu", null);
		assertThat(this.b.get("/api/redis-leaderboard/user/erin").status()).isEqualTo(200);
		assertThat(scores(this.b, "daily?region=eu")).containsEntry("erin", 5L);

		assertThat(this.a.delete(ADMIN + "erin", admin()).status()).isEqualTo(200);

		assertGoneOn(this.b);
		assertGoneOn(this.a);
		// a full sync on B, then everything again on both
		assertThat(this.b.post("/api/redis-leaderboard/admin/sync", null, admin()).status()).isEqualTo(200);
		assertGoneOn(this.b);
		assertGoneOn(this.a);
		// recorded anew on B, she starts from zero on A
		update(this.b, "erin", 1, null, null);
		assertThat(scores(this.a, "daily")).isEqualTo(Map.of("bob", 3L, "erin", 1L));
		assertThat(this.a.get("/api/redis-leaderboard/user/erin").body()).extractingPath("$.yearly_pomo").isEqualTo(1);
		assertThat(scores(this.a, "weekly?region=eu")).isEqualTo(Map.of("bob", 3L));
		this.consistency.awaitEqual(CONVERGE);
	}

	@Test
	void anIdReusedAfterAnErasureThatRedisMissedStartsFromItsNewTotalsOnEveryBoard() {
		update(this.a, "erin", 7, "eu", "acme");
		update(this.a, "bob", 2, "eu", null);
		this.consistency.awaitEqual(CONVERGE);
		// no relay on either instance until the test lets it: the erasure reaches Redis
		// only after erin is recorded anew
		String relayLease = this.keys.prefix() + "lease:{" + JobLease.Jobs.MAINTENANCE + "}";
		redisServer.call((redis) -> redis.set(relayLease, "held-by-the-test"));
		redisServer.call((redis) -> redis.save());

		redisServer.kill();
		Response erased = answeredWithin(2_000, () -> this.a.delete(ADMIN + "erin", admin()));
		assertThat(erased.status()).isEqualTo(200);
		// back with the data it saved: erin's old totals, the relay's lease held
		redisServer.restart();
		Awaitility.await()
			.atMost(CONVERGE)
			.until(() -> "redis".equals(this.a.get("/api/redis-leaderboard/weekly").source()));
		assertThat(scores(this.a, "weekly")).containsEntry("erin", 7L);

		update(this.a, "erin", 1, null, null);

		for (String board : List.of("daily", "weekly", "monthly", "yearly")) {
			Response page = this.a.get("/api/redis-leaderboard/" + board);
			assertThat(page.source()).as(board).isEqualTo("redis");
			assertThat(scores(this.a, board)).as(board).isEqualTo(Map.of("bob", 2L, "erin", 1L));
			assertThat(this.b.get("/api/redis-leaderboard/user/erin/rank/" + board).body()).as(board)
				.extractingPath("$.score")
				.isEqualTo(1);
		}
		assertThat(this.b.get("/api/redis-leaderboard/user/erin").body()).extractingPath("$.monthly_pomo").isEqualTo(1);

		// the relay erases her old self from the boards of the scopes she had
		redisServer.call((redis) -> redis.del(relayLease));
		Awaitility.await().atMost(CONVERGE).until(() -> outbox() == 0);
		assertThat(scores(this.a, "daily?region=eu")).isEqualTo(Map.of("bob", 2L));
		assertThat(scores(this.b, "yearly?org=acme")).isEmpty();
		assertThat(scores(this.b, "daily")).isEqualTo(Map.of("bob", 2L, "erin", 1L));
		this.consistency.awaitEqual(CONVERGE);
	}

	private void assertGoneOn(TestApi api) {
		assertThat(api.get("/api/redis-leaderboard/user/erin").status()).isEqualTo(404);
		assertThat(api.get("/api/redis-leaderboard/user/erin/rank/daily").status()).isEqualTo(404);
		assertThat(api.get("/api/redis-leaderboard/user/erin/rank/weekly?org=acme").status()).isEqualTo(404);
		assertThat(api.get("/api/redis-leaderboard/user/erin/around/weekly?region=eu").status()).isEqualTo(404);
		assertThat(api.get("/api/redis-leaderboard/monthly/users?ids=erin,bob").text()).doesNotContain("\"erin\"");
		for (String board : List.of("daily", "weekly?region=eu", "monthly?org=acme", "yearly")) {
			assertThat(scores(api, board)).as(board).doesNotContainKey("erin");
		}
	}

	private static Map<String, Long> scores(TestApi api, String board) {
		JsonNode page = api.get("/api/redis-leaderboard/" + board).json();
		Map<String, Long> scores = new TreeMap<>();
		page.get("entries").forEach((e) -> scores.put(e.get("user_id").stringValue(), e.get("score").longValue()));
		assertThat(page.get("total").longValue()).as(board).isEqualTo(scores.size());
		return scores;
	}

	private static void update(TestApi api, String user, int count, String region, String org) {
		Response response = api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"" + user + "\",\"count\":" + count
						+ ((region != null) ? ",\"region\":\"" + region + "\"" : "")
						+ ((org != null) ? ",\"org\":\"" + org + "\"" : "") + "}");
		assertThat(response.status()).isEqualTo(200);
	}

	private static ConfigurableApplicationContext startInstanceB(String jdbcUrl) {
		Map<String, String> properties = TestProperties.of(TestProperties.ADMIN, TestProperties.FAST_RELAY_INTERVAL,
				TestProperties.NO_RATE_LIMIT, KEY_PREFIX);
		properties.put("leaderboard.data-dir", "target/test-data/" + UUID.randomUUID());
		properties.put("leaderboard.database.url", jdbcUrl);
		properties.put("leaderboard.database.user", "postgres");
		properties.putAll(redisServer.properties());
		return ServiceInstances.run(properties, TestClockConfiguration.class);
	}

}
