package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/** Region and organisation boards (docs/api.md, "Regions and organisations"). */
class ScopedBoardIntegrationTests extends IntegrationTestBase {

	@Autowired
	BoardQueries store;

	@Autowired
	Periods periods;

	@Autowired
	RedisBoardWrites writes;

	private Response update(String user, int count, String region, String org) {
		StringBuilder body = new StringBuilder("{\"user_id\":\"" + user + "\",\"count\":" + count);
		if (region != null) {
			body.append(",\"region\":\"").append(region).append('"');
		}
		if (org != null) {
			body.append(",\"org\":\"").append(org).append('"');
		}
		return this.api.post("/api/redis-leaderboard/update", body.append('}').toString());
	}

	private static Map<String, Long> scores(JsonNode board) {
		Map<String, Long> scores = new TreeMap<>();
		board.get("entries").forEach((e) -> scores.put(e.get("user_id").stringValue(), e.get("score").longValue()));
		return scores;
	}

	@Test
	void statsShowRegionAndOrgAndAnUpdateWithoutThemKeepsThem() {
		Response plain = this.api.update("zoe", 1);
		assertThat(plain.body()).extractingPath("$.region").isNull();
		assertThat(plain.body()).extractingPath("$.org").isNull();

		Response set = update("alice", 2, "eu", "acme");
		assertThat(set.body()).extractingPath("$.region").isEqualTo("eu");
		assertThat(set.body()).extractingPath("$.org").isEqualTo("acme");
		Response kept = this.api.update("alice", 1);
		assertThat(kept.body()).extractingPath("$.region").isEqualTo("eu");
		assertThat(kept.body()).extractingPath("$.org").isEqualTo("acme");
		Response read = this.api.get("/api/redis-leaderboard/user/alice");
		assertThat(read.source()).isEqualTo("redis");
		assertThat(read.body()).extractingPath("$.region").isEqualTo("eu");
		assertThat(read.body()).extractingPath("$.org").isEqualTo("acme");
		assertThat(this.api.get("/api/redis-leaderboard/user/zoe").body()).extractingPath("$.region").isNull();
	}

	@Test
	void invalidScopesAre400() {
		for (String bad : List.of("\"region\":\"\"", "\"region\":\"a b\"", "\"region\":\"" + "x".repeat(33) + "\"",
				"\"org\":\"a/b\"", "\"org\":7", "\"region\":[\"eu\"]")) {
			Response response = this.api.post("/api/redis-leaderboard/update",
					"{\"user_id\":\"alice\",\"count\":1," + bad + "}");
			assertThat(response.status()).as(bad).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
		assertThat(this.api.get("/api/redis-leaderboard/daily?region=eu&org=acme").status()).isEqualTo(400);
		assertThat(this.api.get("/api/redis-leaderboard/daily?region=e%20u").status()).isEqualTo(400);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice/rank/daily?region=eu&org=x").status())
			.isEqualTo(400);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
	}

	@Test
	void aScopedBoardRanksAndCountsInsideItsScope() {
		update("alice", 5, "eu", "acme");
		update("bob", 9, "us", "acme");
		update("carol", 3, "eu", null);
		update("dave", 3, "eu", null);
		update("erin", 7, null, null);

		Response eu = this.api.get("/api/redis-leaderboard/daily?region=eu");
		assertThat(eu.status()).isEqualTo(200);
		assertThat(eu.source()).isEqualTo("redis");
		assertThat(eu.body()).extractingPath("$.total").isEqualTo(3);
		assertThat(eu.body()).extractingPath("$.entries[0].rank").isEqualTo(1);
		assertThat(eu.body()).extractingPath("$.entries[1].rank").isEqualTo(2);
		assertThat(eu.body()).extractingPath("$.entries[2].rank").isEqualTo(2);
		assertThat(scores(eu.json())).isEqualTo(Map.of("alice", 5L, "carol", 3L, "dave", 3L));
		Response acme = this.api.get("/api/redis-leaderboard/weekly?org=acme");
		assertThat(scores(acme.json())).isEqualTo(Map.of("alice", 5L, "bob", 9L));
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(5);

		Response rank = this.api.get("/api/redis-leaderboard/user/alice/rank/daily?org=acme");
		assertThat(rank.body()).extractingPath("$.rank").isEqualTo(2);
		assertThat(rank.body()).extractingPath("$.total").isEqualTo(2);
		Response inRegion = this.api.get("/api/redis-leaderboard/user/carol/rank/monthly?region=eu");
		assertThat(inRegion.body()).extractingPath("$.rank").isEqualTo(2);
		assertThat(inRegion.body()).extractingPath("$.total").isEqualTo(3);
		Response elsewhere = this.api.get("/api/redis-leaderboard/user/bob/rank/daily?region=eu");
		assertThat(elsewhere.status()).isEqualTo(200);
		assertThat(elsewhere.body()).extractingPath("$.rank").isNull();
		assertThat(this.api.get("/api/redis-leaderboard/user/nobody/rank/daily?region=eu").status()).isEqualTo(404);

		Response unused = this.api.get("/api/redis-leaderboard/yearly?region=mars");
		assertThat(unused.status()).isEqualTo(200);
		assertThat(unused.body()).extractingPath("$.total").isEqualTo(0);
		assertThat(unused.body()).extractingPath("$.entries").asArray().isEmpty();

		// the PostgreSQL fallback answers the same from its indexes
		PeriodInstance daily = this.periods.current(Period.DAILY);
		assertThat(this.store.members(daily.in(Scope.region("eu")))).isEqualTo(3);
		assertThat(this.store.members(daily.in(Scope.org("acme")))).isEqualTo(2);
		assertThat(this.store.page(daily.in(Scope.region("eu")), 10, 0)).extracting("userId")
			.containsExactly("alice", "carol", "dave");
		assertThat(this.store.countAbove(daily.in(Scope.org("acme")), 5)).isEqualTo(1);
	}

	@Test
	void aBoardThatIsNotLoadedIsLoadedOnceAndAnsweredFromPostgresMeanwhile() {
		update("alice", 5, "eu", null);
		this.redis.deleteOwnKeys();

		Response first = this.api.get("/api/redis-leaderboard/daily?region=eu");
		assertThat(first.status()).isEqualTo(200);
		assertThat(scores(first.json())).isEqualTo(Map.of("alice", 5L));
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> "redis".equals(this.api.get("/api/redis-leaderboard/daily?region=eu").source()));
		assertThat(scores(this.api.get("/api/redis-leaderboard/daily?region=eu").json()))
			.isEqualTo(Map.of("alice", 5L));
	}

	@Test
	void aMoveTakesTheUserAndTheirTotalsToTheNewScopeAtOnceAndForPastPeriodsToo() {
		this.clock.set("2026-11-24T12:00:00Z");
		update("alice", 4, "eu", "acme");
		this.clock.set("2026-11-25T10:15:00Z");
		update("alice", 2, null, null);
		update("bob", 1, "eu", null);

		Response moved = update("alice", 1, "us", "globex");
		assertThat(moved.status()).isEqualTo(200);

		assertThat(scores(this.api.get("/api/redis-leaderboard/daily?region=eu").json())).isEqualTo(Map.of("bob", 1L));
		assertThat(scores(this.api.get("/api/redis-leaderboard/weekly?region=us").json()))
			.isEqualTo(Map.of("alice", 7L));
		assertThat(this.api.get("/api/redis-leaderboard/weekly?org=acme").body()).extractingPath("$.total")
			.isEqualTo(0);
		assertThat(scores(this.api.get("/api/redis-leaderboard/monthly?org=globex").json()))
			.isEqualTo(Map.of("alice", 7L));
		// yesterday's total moved with her (membership is today's for past periods)
		assertThat(this.jdbc.queryForObject(
				"select region || '/' || org from period_totals where user_id = 'alice' and period_start = '2026-11-24' "
						+ "and period = 'daily'",
				String.class))
			.isEqualTo("us/globex");
		PeriodInstance yesterday = this.periods.of(Period.DAILY, java.time.LocalDate.parse("2026-11-24"));
		assertThat(this.store.members(yesterday.in(Scope.region("eu")))).isZero();
		assertThat(this.store.members(yesterday.in(Scope.region("us")))).isEqualTo(1);
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(10));
	}

	@Test
	void aLateWriteOfAnOlderStateNeverPutsAUserBackIntoAScopeTheyLeft() {
		update("alice", 4, "eu", null);
		UserScores late = this.store.userScores("alice", this.periods.currentAll().values()).orElseThrow();
		update("alice", 1, "us", null);

		// the Redis write of the first update arrives after the move
		this.writes.apply(List.of(late), false);
		this.writes.apply(List.of(late), true);

		assertThat(this.api.get("/api/redis-leaderboard/daily?region=eu").body()).extractingPath("$.total")
			.isEqualTo(0);
		assertThat(scores(this.api.get("/api/redis-leaderboard/daily?region=us").json()))
			.isEqualTo(Map.of("alice", 5L));
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.region").isEqualTo("us");

		// and a late removal from an older move never takes her off a scope she came back
		// to
		UserScores leftEu = this.store.userScores("alice", this.periods.currentAll().values()).orElseThrow();
		update("alice", 1, "eu", null);
		this.writes.apply(
				List.of(leftEu.leaving(
						this.periods.currentAll().values().stream().map((i) -> i.in(Scope.region("eu"))).toList())),
				false);
		assertThat(scores(this.api.get("/api/redis-leaderboard/daily?region=eu").json()))
			.isEqualTo(Map.of("alice", 6L));
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(10));
	}

	/**
	 * Readers that start after a move was acknowledged (and end before the next one
	 * begins) see the user in the new scope only: never in both, never in neither.
	 */
	@Test
	void readersAfterAnAcknowledgedMoveSeeTheUserInExactlyTheNewScope() throws Exception {
		for (int i = 0; i < 20; i++) {
			update("other" + i, 1 + i % 4, (i % 2 == 0) ? "eu" : "us", null);
		}
		AtomicInteger started = new AtomicInteger();
		AtomicInteger acknowledged = new AtomicInteger();
		String[] scopeOf = new String[200];
		AtomicBoolean running = new AtomicBoolean(true);
		ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
		AtomicInteger checked = new AtomicInteger();
		scopeOf[0] = "eu";
		update("mover", 1, "eu", null);
		List<Thread> readers = new ArrayList<>();
		for (int r = 0; r < 3; r++) {
			Thread reader = new Thread(() -> {
				while (running.get()) {
					int before = started.get();
					if (acknowledged.get() != before) {
						// an update is in flight: anything may show until it is
						// acknowledged
						continue;
					}
					boolean inEu = scores(this.api.get("/api/redis-leaderboard/daily?region=eu&limit=100").json())
						.containsKey("mover");
					boolean inUs = scores(this.api.get("/api/redis-leaderboard/daily?region=us&limit=100").json())
						.containsKey("mover");
					if (started.get() != before) {
						continue;
					}
					checked.incrementAndGet();
					String expected = scopeOf[before];
					if (inEu == inUs || inEu != "eu".equals(expected)) {
						violations.add("after move " + before + " to " + expected + ": eu " + inEu + ", us " + inUs);
					}
				}
			});
			reader.start();
			readers.add(reader);
		}
		for (int m = 1; m < 60; m++) {
			String target = (m % 2 == 0) ? "eu" : "us";
			scopeOf[m] = target;
			started.set(m);
			assertThat(update("mover", 1, target, null).status()).isEqualTo(200);
			acknowledged.set(m);
			Thread.sleep(60);
		}
		running.set(false);
		for (Thread reader : readers) {
			reader.join(10_000);
		}
		assertThat(checked.get()).isGreaterThan(20);
		assertThat(violations).isEmpty();
	}

}
