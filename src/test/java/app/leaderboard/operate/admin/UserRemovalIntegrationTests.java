package app.leaderboard.operate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;

import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.Traces;

/** Erasing and hiding users (docs/api.md, "Hiding and erasing users"). */
class UserRemovalIntegrationTests extends IntegrationTestBase {

	private static final String ADMIN = "/api/redis-leaderboard/admin/users/";

	@Autowired
	RedisConnector connector;

	@Autowired
	BoardQueries store;

	@Autowired
	Periods periods;

	private Response update(String user, int count, String region, String org, String... headers) {
		return this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"" + user + "\",\"count\":" + count
						+ ((region != null) ? ",\"region\":\"" + region + "\"" : "")
						+ ((org != null) ? ",\"org\":\"" + org + "\"" : "") + "}",
				headers);
	}

	private static Map<String, Long> scores(JsonNode board) {
		Map<String, Long> scores = new TreeMap<>();
		board.get("entries").forEach((e) -> scores.put(e.get("user_id").stringValue(), e.get("score").longValue()));
		return scores;
	}

	private void awaitOutboxEmpty() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from outbox", Long.class) == 0);
	}

	@Test
	void erasureRemovesEveryTraceInPostgresAndRedisAndTheIdCanStartAgainFromZero() {
		// yesterday, in another region: past totals and a scope left behind
		this.clock.set("2026-11-24T12:00:00Z");
		update("erin", 5, "us", null, "Idempotency-Key", "erin-key-1");
		this.clock.set("2026-11-25T10:15:00Z");
		update("erin", 3, "eu", "acme", "Idempotency-Key", "erin-key-2");
		update("bob", 2, "eu", "acme");
		this.api.get("/api/redis-leaderboard/daily?region=eu");
		this.api.get("/api/redis-leaderboard/daily?region=us");
		awaitOutboxEmpty();
		assertThat(Traces.inPostgres(this.jdbc, "erin")).isNotEmpty();

		Response erased = this.api.delete(ADMIN + "erin", admin());

		assertThat(erased.status()).isEqualTo(200);
		assertThat(erased.body()).extractingPath("$.user_id").isEqualTo("erin");
		assertThat(erased.body()).extractingPath("$.deleted").isEqualTo(true);
		assertThat(this.api.get("/api/redis-leaderboard/user/erin").status()).isEqualTo(404);
		assertThat(this.api.get("/api/redis-leaderboard/user/erin/rank/daily").status()).isEqualTo(404);
		assertThat(this.api.get("/api/redis-leaderboard/user/erin/rank/daily?region=eu").status()).isEqualTo(404);
		for (String path : new String[] { "daily", "weekly?region=eu", "monthly?org=acme", "yearly" }) {
			Response board = this.api.get("/api/redis-leaderboard/" + path);
			assertThat(scores(board.json())).as(path).isEqualTo(Map.of("bob", 2L));
			assertThat(board.body()).as(path).extractingPath("$.total").isEqualTo(1);
		}
		assertThat(this.store.members(this.periods.current(Period.DAILY).in(Scope.region("eu")))).isEqualTo(1);
		assertThat(this.store.members(this.periods.current(Period.DAILY))).isEqualTo(1);

		// a retry: the user is unknown now (404), and nothing comes back
		assertThat(this.api.delete(ADMIN + "erin", admin()).status()).isEqualTo(404);
		awaitOutboxEmpty();
		assertThat(Traces.inPostgres(this.jdbc, "erin")).isEmpty();
		RedisClient client = RedisClient.create(this.connector.uri());
		try (StatefulRedisConnection<String, String> raw = client.connect()) {
			assertThat(Traces.inRedis(raw.sync(), "erin")).isEmpty();
			assertThat(Traces.inRedis(raw.sync(), "bob")).isNotEmpty();
		}
		finally {
			client.shutdown();
		}

		// the same id, recorded anew, starts from zero; the old idempotency key is free
		Response again = update("erin", 1, null, null, "Idempotency-Key", "erin-key-2");
		assertThat(again.body()).extractingPath("$.daily_pomo").isEqualTo(1);
		assertThat(again.body()).extractingPath("$.yearly_pomo").isEqualTo(1);
		assertThat(again.body()).extractingPath("$.region").isNull();
		assertThat(this.api.get("/api/redis-leaderboard/user/erin/rank/daily").body()).extractingPath("$.rank")
			.isEqualTo(2);
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(10));
	}

	@Test
	void erasureAndHidingOfAnUnknownUserAre404AndNeedTheAdminToken() {
		assertThat(this.api.delete(ADMIN + "nobody", admin()).status()).isEqualTo(404);
		assertThat(this.api.post(ADMIN + "nobody/hide", null, admin()).status()).isEqualTo(404);
		assertThat(this.api.post(ADMIN + "nobody/unhide", null, admin()).status()).isEqualTo(404);
		assertThat(this.api.delete(ADMIN + "bad%20id", admin()).status()).isEqualTo(400);
		update("alice", 1, null, null);
		assertThat(this.api.delete(ADMIN + "alice").status()).isEqualTo(401);
		assertThat(this.api.post(ADMIN + "alice/hide", null).status()).isEqualTo(401);
		assertThat(this.api.delete(ADMIN + "alice", "Authorization", "Bearer wrong").status()).isIn(401, 403);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").status()).isEqualTo(200);
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(1);
	}

	@Test
	void aHiddenUserIsOnNoBoardKeepsRecordingAndSeesTheirOwnStatsUntilUnhidden() {
		update("alice", 5, "eu", "acme");
		update("bob", 9, "eu", "acme");
		update("carol", 3, "eu", null);

		Response hidden = this.api.post(ADMIN + "bob/hide", null, admin());
		assertThat(hidden.status()).isEqualTo(200);
		assertThat(hidden.body()).extractingPath("$.user_id").isEqualTo("bob");
		assertThat(hidden.body()).extractingPath("$.hidden").isEqualTo(true);

		// everyone else closes the gap, on every board and scope
		for (String path : new String[] { "daily", "weekly?region=eu", "monthly?org=acme" }) {
			Response board = this.api.get("/api/redis-leaderboard/" + path);
			assertThat(scores(board.json())).as(path).doesNotContainKey("bob");
			assertThat(board.body()).as(path).extractingPath("$.entries[0].user_id").isEqualTo("alice");
			assertThat(board.body()).as(path).extractingPath("$.entries[0].rank").isEqualTo(1);
		}
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(2);
		assertThat(this.api.get("/api/redis-leaderboard/user/carol/rank/daily").body()).extractingPath("$.rank")
			.isEqualTo(2);
		// bob still records and sees his own stats; his rank says he is hidden
		assertThat(update("bob", 1, null, null).body()).extractingPath("$.daily_pomo").isEqualTo(10);
		Response stats = this.api.get("/api/redis-leaderboard/user/bob");
		assertThat(stats.body()).extractingPath("$.daily_pomo").isEqualTo(10);
		Response rank = this.api.get("/api/redis-leaderboard/user/bob/rank/daily");
		assertThat(rank.body()).extractingPath("$.hidden").isEqualTo(true);
		assertThat(rank.body()).extractingPath("$.rank").isNull();
		assertThat(rank.body()).extractingPath("$.score").isEqualTo(10);
		assertThat(rank.body()).extractingPath("$.total").isEqualTo(2);
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(2);
		// PostgreSQL's fallback reads agree
		assertThat(this.store.members(this.periods.current(Period.DAILY))).isEqualTo(2);
		assertThat(this.store.page(this.periods.current(Period.WEEKLY).in(Scope.org("acme")), 10, 0))
			.extracting("userId")
			.containsExactly("alice");
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(10));

		Response unhidden = this.api.post(ADMIN + "bob/unhide", null, admin());
		assertThat(unhidden.status()).isEqualTo(200);
		assertThat(unhidden.body()).extractingPath("$.hidden").isEqualTo(false);
		Response back = this.api.get("/api/redis-leaderboard/daily?org=acme");
		assertThat(scores(back.json())).isEqualTo(Map.of("alice", 5L, "bob", 10L));
		assertThat(this.api.get("/api/redis-leaderboard/user/bob/rank/daily").body()).extractingPath("$.rank")
			.isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/user/bob/rank/daily").body()).doesNotHavePath("$.hidden");
		assertThat(this.store.members(this.periods.current(Period.DAILY))).isEqualTo(3);
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(10));
	}

	@Test
	void statusCountsScopedBoardsAndHiddenUsers() {
		update("alice", 5, "eu", "acme");
		update("bob", 9, "us", null);
		this.api.post(ADMIN + "bob/hide", null, admin());

		Response status = this.api.get("/api/redis-leaderboard/admin/status", admin());

		assertThat(status.body()).extractingPath("$.users.total").isEqualTo(2);
		assertThat(status.body()).extractingPath("$.users.hidden").isEqualTo(1);
		assertThat(status.body()).extractingPath("$.scoped_boards.regions").isEqualTo(2);
		assertThat(status.body()).extractingPath("$.scoped_boards.orgs").isEqualTo(1);
		assertThat(status.body()).extractingPath("$.scoped_boards.boards").isEqualTo(12);
		assertThat(status.body()).extractingPath("$.leaderboards.daily.members").isEqualTo(1);
	}

}
