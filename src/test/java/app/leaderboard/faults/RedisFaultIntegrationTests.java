package app.leaderboard.faults;

import static app.leaderboard.support.TestApi.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;
import java.util.HashMap;

import app.leaderboard.core.Period;
import app.leaderboard.support.Load;
import app.leaderboard.support.MutableClock;
import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.Traces;

/**
 * The service against a real redis-server that the test kills (SIGKILL), pauses
 * (SIGSTOP), restarts empty and flushes from outside. PostgreSQL stays up: updates must
 * go on, reads fall back to PostgreSQL within 2 seconds, and Redis must come back equal
 * to PostgreSQL by itself, without an admin call.
 */
@TestPropertySource(properties = "leaderboard.key-prefix=lbfault:")
class RedisFaultIntegrationTests extends RedisProcessTestBase {

	/** The bound on any request while Redis is dead or hung (docs/consistency.md, 8). */
	private static final long MAX_WAIT_MILLIS = 2_000;

	@Test
	void withRedisKilledUpdatesGoOnAndReadsComeFromPostgresThenRedisComesBackEmptyAndCatchesUp() {
		this.api.update("alice", 3);
		this.api.update("bob", 5);
		this.api.update("carol", 5);
		this.consistency.awaitEqual(CONVERGE);

		redisServer.kill();

		assertThat(timed(() -> this.api.update("alice", 4)).body()).extractingPath("$.daily_pomo").isEqualTo(7);
		assertThat(timed(() -> this.api.update("dave", 1)).status()).isEqualTo(200);
		for (int i = 0; i < 10; i++) {
			Response board = timed(() -> this.api.get("/api/redis-leaderboard/daily?limit=10"));
			assertThat(board.status()).isEqualTo(200);
			assertThat(board.source()).isEqualTo("postgres");
			assertThat(board.body()).extractingPath("$.total").isEqualTo(4);
			assertThat(board.body()).extractingPath("$.entries")
				.isEqualTo(
						List.of(entry(1, "alice", 7), entry(2, "bob", 5), entry(2, "carol", 5), entry(4, "dave", 1)));
			Response rank = timed(() -> this.api.get("/api/redis-leaderboard/user/carol/rank/weekly"));
			assertThat(rank.source()).isEqualTo("postgres");
			assertThat(rank.body()).extractingPath("$.rank").isEqualTo(2);
			assertThat(rank.body()).extractingPath("$.total").isEqualTo(4);
			Response user = timed(() -> this.api.get("/api/redis-leaderboard/user/dave"));
			assertThat(user.source()).isEqualTo("postgres");
			assertThat(user.body()).extractingPath("$.yearly_pomo").isEqualTo(1);
			assertThat(timed(() -> this.api.get("/api/redis-leaderboard/user/nobody")).status()).isEqualTo(404);
		}
		assertThat(outbox()).isEqualTo(2);
		Response health = timed(() -> this.api.get("/actuator/health"));
		assertThat(health.status()).as("health while Redis is down").isEqualTo(503);
		assertThat(health.body()).extractingPath("$.status").asString().isEqualTo("DOWN");

		redisServer.restart();

		// no admin call: the maintenance loads the boards and relays the outbox by itself
		this.consistency.awaitEqual(CONVERGE);
		Awaitility.await().atMost(CONVERGE).until(() -> outbox() == 0);
		Response board = this.api.get("/api/redis-leaderboard/daily?limit=10");
		assertThat(board.source()).isEqualTo("redis");
		assertThat(board.body()).extractingPath("$.entries[0].score").isEqualTo(7);
		assertThat(this.api.get("/actuator/health").status()).isEqualTo(200);
	}

	@Test
	void withRedisKilledThePastAroundAndFriendsReadsComeFromPostgres() {
		this.clock.set("2026-11-24T12:00:00Z");
		this.api.update("erin", 6);
		this.clock.set(MutableClock.DEFAULT);
		this.api.update("alice", 3);
		this.api.update("bob", 5);
		this.api.update("carol", 5);
		this.consistency.awaitEqual(CONVERGE);
		String around = "/api/redis-leaderboard/user/carol/around/weekly?radius=1";
		String friends = "/api/redis-leaderboard/weekly/users?ids=erin,alice,carol,nobody";
		String yesterday = "/api/redis-leaderboard/daily?date=2026-11-24";
		String rank = "/api/redis-leaderboard/user/erin/rank/daily?date=2026-11-24";
		Map<String, String> fromRedis = new HashMap<>();
		for (String path : List.of(around, friends, yesterday, rank)) {
			fromRedis.put(path, this.api.get(path).text());
		}

		redisServer.kill();

		for (String path : List.of(around, friends, yesterday, rank)) {
			Response response = timed(() -> this.api.get(path));
			assertThat(response.status()).as(path).isEqualTo(200);
			assertThat(response.source()).as(path).isEqualTo("postgres");
			assertThat(response.text()).as(path).isEqualTo(fromRedis.get(path));
		}
		assertThat(fromRedis.get(around)).contains("\"rank\":2", "\"top_percent\":50.0");
		assertThat(fromRedis.get(friends))
			.contains("{\"rank\":1,\"user_id\":\"erin\",\"display_name\":null,\"score\":6}");
		redisServer.restart();
		this.consistency.awaitEqual(CONVERGE);
	}

	@Test
	void withRedisPausedNoRequestWaitsMoreThanTwoSeconds() throws Exception {
		for (String user : List.of("alice", "bob", "carol")) {
			this.api.update(user, 2);
		}
		this.consistency.awaitEqual(CONVERGE);

		redisServer.pause();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<Response>> responses = new ArrayList<>();
			for (int i = 0; i < 80; i++) {
				String user = List.of("alice", "bob", "carol").get(i % 3);
				String path = switch (i % 4) {
					case 0 -> null;
					case 1 -> "/api/redis-leaderboard/daily";
					case 2 -> "/api/redis-leaderboard/user/" + user + "/rank/monthly";
					default -> "/api/redis-leaderboard/user/" + user;
				};
				responses.add(clients
					.submit(() -> timed(() -> (path == null) ? this.api.update(user, 1) : this.api.get(path))));
			}
			for (Future<Response> response : responses) {
				assertThat(response.get().status()).isEqualTo(200);
				if (response.get().source() != null) {
					assertThat(response.get().source()).isEqualTo("postgres");
				}
			}
		}
		finally {
			clients.shutdownNow();
			redisServer.resume();
		}

		// Redis now answers every command it buffered, late writes included: they carry
		// absolute, guarded values, so it still ends equal to PostgreSQL
		this.consistency.awaitEqual(CONVERGE);
		assertThat(this.consistency.postgres(this.periods.current(Period.DAILY)))
			.isEqualTo(Map.of("alice", 9L, "bob", 9L, "carol", 8L));
	}

	@Test
	void aFlushAllFromOutsideIsRepairedWithoutAnAdminCall() {
		for (int i = 0; i < 30; i++) {
			this.api.post("/api/redis-leaderboard/update",
					"{\"user_id\":\"user" + i + "\",\"count\":" + (1 + i % 7) + ",\"region\":\""
							+ Load.REGIONS.get(i % 3) + "\"" + ((i % 2 == 0) ? ",\"org\":\"acme\"" : "") + "}");
		}
		this.consistency.awaitEqual(CONVERGE);

		redisServer.flushAll();

		// reads stay right meanwhile, from whichever store answers
		Response board = timed(() -> this.api.get("/api/redis-leaderboard/weekly?limit=3"));
		assertThat(board.body()).extractingPath("$.total").isEqualTo(30);
		assertThat(board.body()).extractingPath("$.entries[0].score").isEqualTo(7);
		this.api.update("user0", 10);
		this.consistency.awaitEqual(CONVERGE);
		assertThat(this.api.get("/api/redis-leaderboard/daily?limit=1").body()).extractingPath("$.entries[0].user_id")
			.asString()
			.isEqualTo("user0");
	}

	@Test
	void anErasureWhileRedisIsHungReachesRedisOnceItIsBack() {
		this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"erin\",\"count\":4,\"region\":\"eu\",\"org\":\"acme\"}");
		this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"bob\",\"count\":2,\"region\":\"eu\"}");
		this.consistency.awaitEqual(CONVERGE);
		assertThat(traces("erin")).isNotEmpty();

		redisServer.pause();
		Response erased;
		try {
			erased = timed(() -> this.api.delete("/api/redis-leaderboard/admin/users/erin", admin()));
		}
		finally {
			redisServer.resume();
		}

		assertThat(erased.status()).isEqualTo(200);
		assertThat(erased.body()).extractingPath("$.deleted").isEqualTo(true);
		Awaitility.await().atMost(CONVERGE).untilAsserted(() -> assertThat(traces("erin")).isEmpty());
		assertThat(Traces.inPostgres(this.jdbc, "erin")).isEmpty();
		this.consistency.awaitEqual(CONVERGE);
		assertThat(this.api.get("/api/redis-leaderboard/daily?region=eu").body()).extractingPath("$.total")
			.isEqualTo(1);
	}

	@Test
	void concurrentWritersOnTheSameUsersThroughKillPauseRestartAndFlushLoseAndDoubleNothing() {
		List<String> users = List.of("ann", "ben", "cat", "dan", "eve");
		// with regions and organisations: users keep moving between scoped boards too
		Load load = new Load(this.api, users, 6).withScopes().start();
		try {
			Load.sleep(1_000);
			redisServer.kill();
			Load.sleep(1_500);
			redisServer.restart();
			Load.sleep(1_500);
			redisServer.pause();
			Load.sleep(1_500);
			redisServer.resume();
			Load.sleep(1_000);
			redisServer.flushAll();
			Load.sleep(1_000);
		}
		finally {
			redisServer.resume();
			load.stop();
		}

		assertThat(load.updates()).isGreaterThan(50);
		// Redis faults never fail an update: PostgreSQL took each one
		assertThat(load.failedAttempts()).isZero();
		assertThat(load.slowestMillis()).isLessThan(MAX_WAIT_MILLIS);
		for (Period period : Period.values()) {
			assertThat(this.consistency.postgres(this.periods.current(period))).isEqualTo(load.acknowledged());
		}
		this.consistency.awaitEqual(CONVERGE);
	}

	private List<String> traces(String userId) {
		return redisServer.call((redis) -> Traces.inRedis(redis, userId));
	}

	private static Response timed(Supplier<Response> request) {
		return answeredWithin(MAX_WAIT_MILLIS, request);
	}

}
