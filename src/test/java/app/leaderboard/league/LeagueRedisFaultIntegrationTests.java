package app.leaderboard.league;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestApi.Response;

import static app.leaderboard.league.LeagueTestSupport.API;
import static app.leaderboard.league.LeagueTestSupport.group;
import static app.leaderboard.league.LeagueTestSupport.groupNumbers;
import static app.leaderboard.league.LeagueTestSupport.groupSizes;
import static app.leaderboard.league.LeagueTestSupport.update;
import static app.leaderboard.league.LeagueTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * League listings against a redis-server the test kills and flushes: the same body from
 * PostgreSQL while Redis is dead, Redis serving them again by itself afterwards, and
 * joins spread over two instances.
 */
@TestPropertySource(properties = { "leaderboard.key-prefix=lbleague:", "leaderboard.league.size=3",
		"leaderboard.league.tiers=bronze,silver,gold", "leaderboard.league.promote=1", "leaderboard.league.demote=1" })
class LeagueRedisFaultIntegrationTests extends RedisProcessTestBase {

	private static final List<String> READS = List.of(API + "/leagues/bronze/1", API + "/leagues/user/b",
			API + "/leagues/bronze/1?date=2026-11-24", API + "/leagues/user/a?date=2026-11-24",
			API + "/leagues/silver/1", API + "/leagues/user/a", API + "/leagues/user/c");

	@Test
	void withRedisDeadTheSameBodiesComeFromPostgres() {
		playTwoSeasons();
		this.api.post(API + "/admin/users/c/hide", null, admin());
		Map<String, String> fromRedis = awaitFromRedis();

		redisServer.kill();

		assertThat(readAll("postgres")).isEqualTo(fromRedis);
		// and a read of nothing is the same 404
		assertThat(group(this.api, "bronze", 9).status()).isEqualTo(404);
		assertThat(user(this.api, "nobody").status()).isEqualTo(404);
	}

	@Test
	void afterAFlushRedisServesTheListingsAgainByItself() {
		playTwoSeasons();
		Map<String, String> before = awaitFromRedis();

		redisServer.flushAll();

		Awaitility.await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			assertThat(readAll("redis")).isEqualTo(before);
		});
		// a change after the flush shows at once
		update(this.api, "b", 10);
		Response bronze = group(this.api, "bronze", 1);
		assertThat(bronze.source()).isEqualTo("redis");
		assertThat(bronze.entries(":")).first().isEqualTo("1:b:11");
	}

	@Test
	void joinsOnTwoInstancesAtOnceNeverOverfillNorLeaveAGap() throws Exception {
		ConfigurableApplicationContext other = startInstance("leaderboard.key-prefix=lbleague:",
				"leaderboard.league.size=3", "leaderboard.league.tiers=bronze,silver,gold",
				"leaderboard.league.promote=1", "leaderboard.league.demote=1");
		List<TestApi> apis = List.of(this.api, new TestApi(ServiceInstances.port(other)));
		int users = 31;
		ExecutorService pool = Executors.newFixedThreadPool(12);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < users; i++) {
				TestApi api = apis.get(i % 2);
				String userId = "twin" + i;
				answers.add(pool.submit(() -> api.update(userId, 1).status()));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
			other.close();
		}

		assertThat(groupNumbers(this.jdbc, "2026-11-23", 0))
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 11).boxed().toList());
		List<Integer> sizes = groupSizes(this.jdbc, "2026-11-23", 0);
		assertThat(sizes.subList(0, 10)).allMatch((size) -> size == 3);
		assertThat(sizes.get(10)).isEqualTo(1);
	}

	/**
	 * Season of 2026-11-23: a 5, b 3, c 1 in bronze 1; then a in silver, b and c in
	 * bronze.
	 */
	private void playTwoSeasons() {
		this.clock.set("2026-11-24T10:00:00Z");
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		update(this.api, "c", 1);
		this.clock.set("2026-11-30T10:00:00Z");
		update(this.api, "a", 2);
		update(this.api, "b", 1);
		update(this.api, "c", 4);
		// the boards the scores come from, as every fault test starts
		this.consistency.awaitEqual(CONVERGE);
	}

	/**
	 * Every read's body from Redis, once Redis serves them all: the boards of a season
	 * the clock just moved into are loaded in the background at its first reads.
	 */
	private Map<String, String> awaitFromRedis() {
		Awaitility.await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			readAll("redis");
			return true;
		});
		return readAll("redis");
	}

	/** Every read's status and body, each from the given source. */
	private Map<String, String> readAll(String source) {
		Map<String, String> bodies = new java.util.LinkedHashMap<>();
		for (String path : READS) {
			Response response = this.api.get(path);
			assertThat(response.source()).as("%s: %s", path, response.text()).isEqualTo(source);
			bodies.put(path, response.status() + " " + response.text());
		}
		return bodies;
	}

}
