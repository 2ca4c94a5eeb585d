package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestApi.Response;

/**
 * Names and streaks against a real redis-server that the test kills and flushes: every
 * listing answers the same body from Redis and from PostgreSQL, a name is visible on
 * another instance as soon as its change is acknowledged, and the streak lists come back
 * by themselves after Redis lost them.
 */
@TestPropertySource(properties = { "leaderboard.key-prefix=lbnames:", "leaderboard.drift-interval=1s" })
class NamesAndStreaksFaultIntegrationTests extends RedisProcessTestBase {

	private static ConfigurableApplicationContext other;

	@AfterAll
	static void stopOther() {
		if (other != null) {
			other.close();
			other = null;
		}
	}

	/** The reads whose bodies must not depend on where they came from. */
	private static final List<String> LISTINGS = List.of("/api/redis-leaderboard/weekly?limit=10",
			"/api/redis-leaderboard/weekly?limit=2&offset=1&region=eu",
			"/api/redis-leaderboard/user/bob/around/weekly?radius=2",
			"/api/redis-leaderboard/weekly/users?ids=carol,alice,bob,dave", "/api/redis-leaderboard/user/alice",
			"/api/redis-leaderboard/user/dave", "/api/redis-leaderboard/streaks",
			"/api/redis-leaderboard/streaks?limit=2&offset=1", "/api/redis-leaderboard/streaks?region=eu");

	private void record(String at, String userId, int count, String extra) {
		this.clock.set(at);
		Response response = this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"" + userId + "\",\"count\":" + count + extra + "}");
		assertThat(response.status()).isEqualTo(200);
	}

	private void seed() {
		record("2026-11-23T10:00:00Z", "alice", 1, ",\"display_name\":\"Alice 🍅\",\"region\":\"eu\"");
		record("2026-11-24T10:00:00Z", "alice", 2, "");
		record("2026-11-24T10:00:00Z", "bob", 4, ",\"region\":\"eu\"");
		record("2026-11-25T09:00:00Z", "alice", 1, "");
		record("2026-11-25T09:00:00Z", "carol", 4, ",\"display_name\":\"Carol\"");
		record("2026-11-25T09:30:00Z", "dave", 1, ",\"display_name\":\"D\",\"region\":\"eu\"");
		this.clock.set("2026-11-25T10:15:00Z");
	}

	private Map<String, String> read(String source) {
		Map<String, String> bodies = new LinkedHashMap<>();
		for (String path : LISTINGS) {
			Response response = this.api.get(path);
			assertThat(response.status()).as(path).isEqualTo(200);
			assertThat(response.source()).as(path).isEqualTo(source);
			bodies.put(path, response.text());
		}
		return bodies;
	}

	@Test
	void everyListingAnswersTheSameBodyFromRedisAndFromPostgres() {
		seed();
		this.consistency.awaitEqual(CONVERGE);
		Map<String, String> fromRedis = Awaitility.await()
			.atMost(CONVERGE)
			.ignoreExceptions()
			.until(() -> read("redis"), (bodies) -> true);
		assertThat(fromRedis.get("/api/redis-leaderboard/weekly?limit=10")).contains("\"display_name\":\"Alice 🍅\"")
			.contains("\"display_name\":\"Carol\"");
		assertThat(fromRedis.get("/api/redis-leaderboard/streaks"))
			.contains("{\"rank\":1,\"user_id\":\"alice\",\"display_name\":\"Alice 🍅\",\"streak\":3,"
					+ "\"last_day\":\"2026-11-25\"}")
			.contains("\"total\":4");
		assertThat(fromRedis.get("/api/redis-leaderboard/user/alice"))
			.contains("\"streak\":{\"current\":3,\"longest\":3,\"last_day\":\"2026-11-25\"}");

		redisServer.kill();

		assertThat(read("postgres")).isEqualTo(fromRedis);

		redisServer.restart();
		this.consistency.awaitEqual(CONVERGE);
		Awaitility.await().atMost(CONVERGE).ignoreExceptions().untilAsserted(() -> {
			assertThat(read("redis")).isEqualTo(fromRedis);
		});
	}

	@Test
	void theStreakListsComeBackAfterRedisLostThemWithoutAnAdminCall() {
		seed();
		Response before = this.api.get("/api/redis-leaderboard/streaks?limit=10");
		assertThat(before.source()).isEqualTo("redis");

		redisServer.flushAll();
		// an update after the flush lands in a list that is not loaded
		record("2026-11-25T10:15:00Z", "erin", 1, "");
		String expected = before.text()
			.replace("\"total\":4", "\"total\":5")
			.replace("]}", ",{\"rank\":2,\"user_id\":\"erin\",\"display_name\":null,\"streak\":1,"
					+ "\"last_day\":\"2026-11-25\"}]}");

		Awaitility.await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			Response after = this.api.get("/api/redis-leaderboard/streaks?limit=10");
			assertThat(after.source()).isEqualTo("redis");
			assertThat(after.text()).isEqualTo(expected);
		});
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").text()).contains("\"display_name\":\"Alice 🍅\"");
	}

	@Test
	void aStreakListOutOfStepIsRepairedByTheDriftCheck() {
		seed();
		Response before = this.api.get("/api/redis-leaderboard/streaks?limit=10");
		// a stray member and a lost one, as a lost write or a late one would leave them
		redisServer.call((redis) -> redis.zadd(this.keys.prefix() + "streak:{s}:2026-11-25", -7, "ghost"));
		redisServer.call((redis) -> redis.zrem(this.keys.prefix() + "streak:{s}:2026-11-25", "carol"));
		assertThat(this.api.get("/api/redis-leaderboard/streaks?limit=10").text()).contains("ghost");

		Awaitility.await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Response after = this.api.get("/api/redis-leaderboard/streaks?limit=10");
			assertThat(after.source()).isEqualTo("redis");
			assertThat(after.text()).isEqualTo(before.text());
		});
	}

	@Test
	void aNameIsVisibleOnAnotherInstanceAsSoonAsItsChangeIsAcknowledged() {
		this.api.update("fred", 1);
		if (other == null) {
			other = startInstance("leaderboard.key-prefix=lbnames:");
		}
		TestApi b = new TestApi(ServiceInstances.port(other));
		assertThat(b.get("/api/redis-leaderboard/daily").text()).contains("\"display_name\":null");
		for (int i = 0; i < 20; i++) {
			String name = "Fred " + i;
			Response renamed = this.api.method("PUT", "/api/redis-leaderboard/user/fred/name", "application/json",
					"{\"display_name\":\"" + name + "\"}");
			assertThat(renamed.status()).isEqualTo(200);
			assertThat(b.get("/api/redis-leaderboard/user/fred").body()).extractingPath("$.display_name")
				.isEqualTo(name);
			assertThat(b.get("/api/redis-leaderboard/daily").body()).extractingPath("$.entries[0].display_name")
				.isEqualTo(name);
			assertThat(b.get("/api/redis-leaderboard/streaks").body()).extractingPath("$.entries[0].display_name")
				.isEqualTo(name);
		}
	}

}
