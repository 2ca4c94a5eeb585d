package app.leaderboard.faults;

import static app.leaderboard.support.TeamListing.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;
import app.leaderboard.support.MutableClock;
import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.TeamListing;
import app.leaderboard.support.TestApi.Response;

/**
 * The team listings against a real redis-server that the test kills, flushes and restarts
 * with old data: the same bodies from PostgreSQL while Redis is dead, and back to what
 * PostgreSQL holds, from Redis, by the service's own repair (no admin call).
 */
@TestPropertySource(properties = { "leaderboard.key-prefix=lbteams:", "leaderboard.drift-interval=1s" })
class TeamBoardFaultIntegrationTests extends RedisProcessTestBase {

	private static final String API = "/api/redis-leaderboard/";

	private static final List<String> LISTINGS = List.of("daily/regions", "daily/orgs", "weekly/regions", "weekly/orgs",
			"monthly/orgs", "yearly/regions?limit=2&offset=1", "daily/regions?date=2026-11-24",
			"daily/orgs?date=2026-11-24", "weekly/regions?date=2026-11-20");

	private void update(String user, int count, String region, String org) {
		TeamListing.update(this.api, user, count, region, org);
	}

	/** Yesterday's and today's totals over three regions and two organisations. */
	private void teams() {
		this.clock.set("2026-11-20T09:00:00Z");
		update("gus", 6, "asia", "beta");
		this.clock.set("2026-11-24T12:00:00Z");
		update("alice", 3, "eu", "acme");
		update("bob", 2, "eu", null);
		update("carol", 4, "us", "acme");
		this.clock.set(MutableClock.DEFAULT);
		update("alice", 1, null, null);
		update("dave", 5, "us", "beta");
		update("erin", 2, "asia", "acme");
		update("hank", 9, "eu", "beta");
		assertThat(this.api.post(API + "admin/users/hank/hide", null, admin()).status()).isEqualTo(200);
	}

	/** Every listing once it is served from Redis, by path. */
	private Map<String, String> fromRedis() {
		Map<String, String> bodies = new LinkedHashMap<>();
		for (String path : LISTINGS) {
			Awaitility.await().atMost(CONVERGE).until(() -> "redis".equals(this.api.get(API + path).source()));
			Response response = this.api.get(API + path);
			assertThat(response.source()).as(path).isEqualTo("redis");
			bodies.put(path, response.text());
		}
		return bodies;
	}

	/** Waits until every listing is served from Redis with the body expected. */
	private void awaitServed(Map<String, String> expected) {
		expected.forEach((path, body) -> Awaitility.await().atMost(CONVERGE).untilAsserted(() -> {
			Response response = this.api.get(API + path);
			assertThat(response.source()).as(path).isEqualTo("redis");
			assertThat(response.text()).as(path).isEqualTo(body);
		}));
	}

	@Test
	void withRedisKilledTheListingsAnswerTheSameBodiesFromPostgres() {
		teams();
		this.consistency.awaitEqual(CONVERGE);
		Map<String, String> served = fromRedis();
		assertThat(lines(this.api.get(API + "weekly/regions"))).containsExactly("1.us=9/2", "2.eu=6/2", "3.asia=2/1");

		redisServer.kill();

		for (String path : LISTINGS) {
			Response response = this.api.get(API + path);
			assertThat(response.status()).as(path).isEqualTo(200);
			assertThat(response.source()).as(path).isEqualTo("postgres");
			assertThat(response.text()).as(path).isEqualTo(served.get(path));
		}
		// a move while Redis is dead shows in the fallback at once, and in Redis later
		update("carol", 1, "asia", null);
		Map<String, String> moved = new LinkedHashMap<>();
		for (String path : LISTINGS) {
			moved.put(path, this.api.get(API + path).text());
		}
		assertThat(lines(this.api.get(API + "daily/regions?date=2026-11-24"))).containsExactly("1.eu=5/2",
				"2.asia=4/1");

		redisServer.restart();

		awaitServed(moved);
		this.consistency.awaitEqual(CONVERGE);
	}

	@Test
	void afterAFlushAllTheListingsComeBackFromRedisWithoutAnAdminCall() {
		teams();
		this.consistency.awaitEqual(CONVERGE);
		fromRedis();

		redisServer.flushAll();
		update("alice", 2, "us", null);
		update("bob", 1, null, "beta");

		Map<String, String> expected = postgresBodies();
		assertThat(lines(this.api.get(API + "weekly/regions"))).as("from whichever store answers")
			.containsExactly("1.us=15/3", "2.eu=3/1", "3.asia=2/1");
		awaitServed(expected);
		this.consistency.awaitEqual(CONVERGE);
	}

	@Test
	void aRedisRestartedWithOldDataConvergesWithoutAnAdminCall() {
		teams();
		this.consistency.awaitEqual(CONVERGE);
		fromRedis();
		redisServer.call((redis) -> redis.save());

		// after the save: a move across past instances, new totals, an unhide, a hide
		update("alice", 2, "asia", "beta");
		update("dave", 3, null, null);
		assertThat(this.api.post(API + "admin/users/hank/unhide", null, admin()).status()).isEqualTo(200);
		assertThat(this.api.post(API + "admin/users/erin/hide", null, admin()).status()).isEqualTo(200);
		Map<String, String> expected = fromRedis();
		assertThat(expected).isEqualTo(postgresBodies());

		// back with the saved boards and their saved team sums
		redisServer.kill();
		redisServer.restart();

		awaitServed(expected);
		this.consistency.awaitEqual(CONVERGE);
	}

	@Test
	void aTeamSumChangedBehindTheServicesBackIsRepairedByTheDriftCheck() {
		teams();
		this.consistency.awaitEqual(CONVERGE);
		Map<String, String> expected = fromRedis();
		PeriodInstance eu = this.periods.current(Period.WEEKLY).in(Scope.region("eu"));
		assertThat(this.keys.boardSum(eu)).isEqualTo("lbteams:board:{weekly:2026-11-23:region:eu}:sum");

		redisServer.call((redis) -> redis.hset(this.keys.boardSum(eu), "score", "999"));
		assertThat(lines(this.api.get(API + "weekly/regions"))).as("what Redis serves, wrong for a moment")
			.containsExactly("1.eu=999/2", "2.us=9/2", "3.asia=2/1");

		// no admin call: two drift checks in a row (1 s apart) find it and rebuild the
		// board
		awaitServed(expected);
		this.consistency.awaitEqual(CONVERGE);
	}

	/** Every listing as PostgreSQL answers it (Redis killed for the moment). */
	private Map<String, String> postgresBodies() {
		Map<String, String> bodies = new LinkedHashMap<>();
		redisServer.pause();
		try {
			for (String path : LISTINGS) {
				Response response = this.api.get(API + path);
				assertThat(response.source()).as(path).isEqualTo("postgres");
				bodies.put(path, response.text());
			}
		}
		finally {
			redisServer.resume();
		}
		return bodies;
	}

}
