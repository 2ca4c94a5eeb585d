package app.leaderboard.admin;

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

import app.leaderboard.period.Period;
import app.leaderboard.period.Periods;
import app.leaderboard.period.Scope;
import app.leaderboard.postgres.BoardQueries;
import app.leaderboard.redis.RedisConnector;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.Traces;

/** Erasing and hiding users (contract 7.2). */
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
		assertThat(erased.json().get("user_id").stringValue()).isEqualTo("erin");
		assertThat(erased.json().get("deleted").booleanValue()).isTrue();
		assertThat(this.api.get("/api/redis-leaderboard/user/erin").status()).isEqualTo(404);
		assertThat(this.api.get("/api/redis-leaderboard/user/erin/rank/daily").status()).isEqualTo(404);
		assertThat(this.api.get("/api/redis-leaderboard/user/erin/rank/daily?region=eu").status()).isEqualTo(404);
		for (String path : new String[] { "daily", "weekly?region=eu", "monthly?org=acme", "yearly" }) {
			JsonNode board = this.api.get("/api/redis-leaderboard/" + path).json();
			assertThat(scores(board)).as(path).isEqualTo(Map.of("bob", 2L));
			assertThat(board.get("total").longValue()).as(path).isEqualTo(1);
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
		assertThat(again.json().get("daily_pomo").longValue()).isEqualTo(1);
		assertThat(again.json().get("yearly_pomo").longValue()).isEqualTo(1);
		assertThat(again.json().get("region").isNull()).isTrue();
		assertThat(this.api.get("/api/redis-leaderboard/user/erin/rank/daily").json().get("rank").longValue())
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
		assertThat(this.api.get("/api/redis-leaderboard/daily").json().get("total").longValue()).isEqualTo(1);
	}

	@Test
	void aHiddenUserIsOnNoBoardKeepsRecordingAndSeesTheirOwnStatsUntilUnhidden() {
		update("alice", 5, "eu", "acme");
		update("bob", 9, "eu", "acme");
		update("carol", 3, "eu", null);

		Response hidden = this.api.post(ADMIN + "bob/hide", null, admin());
		assertThat(hidden.status()).isEqualTo(200);
		assertThat(hidden.json().get("user_id").stringValue()).isEqualTo("bob");
		assertThat(hidden.json().get("hidden").booleanValue()).isTrue();

		// everyone else closes the gap, on every board and scope
		for (String path : new String[] { "daily", "weekly?region=eu", "monthly?org=acme" }) {
			JsonNode board = this.api.get("/api/redis-leaderboard/" + path).json();
			assertThat(scores(board)).as(path).doesNotContainKey("bob");
			assertThat(board.get("entries").get(0).get("user_id").stringValue()).isEqualTo("alice");
			assertThat(board.get("entries").get(0).get("rank").longValue()).isEqualTo(1);
		}
		assertThat(this.api.get("/api/redis-leaderboard/daily").json().get("total").longValue()).isEqualTo(2);
		assertThat(this.api.get("/api/redis-leaderboard/user/carol/rank/daily").json().get("rank").longValue())
			.isEqualTo(2);
		// bob still records and sees his own stats; his rank says he is hidden
		assertThat(update("bob", 1, null, null).json().get("daily_pomo").longValue()).isEqualTo(10);
		Response stats = this.api.get("/api/redis-leaderboard/user/bob");
		assertThat(stats.json().get("daily_pomo").longValue()).isEqualTo(10);
		JsonNode rank = this.api.get("/api/redis-leaderboard/user/bob/rank/daily").json();
		assertThat(rank.get("hidden").booleanValue()).isTrue();
		assertThat(rank.get("rank").isNull()).isTrue();
		assertThat(rank.get("score").longValue()).isEqualTo(10);
		assertThat(rank.get("total").longValue()).isEqualTo(2);
		assertThat(this.api.get("/api/redis-leaderboard/daily").json().get("total").longValue()).isEqualTo(2);
		// PostgreSQL's fallback reads agree
		assertThat(this.store.members(this.periods.current(Period.DAILY))).isEqualTo(2);
		assertThat(this.store.page(this.periods.current(Period.WEEKLY).in(Scope.org("acme")), 10, 0))
			.extracting("userId")
			.containsExactly("alice");
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(10));

		Response unhidden = this.api.post(ADMIN + "bob/unhide", null, admin());
		assertThat(unhidden.status()).isEqualTo(200);
		assertThat(unhidden.json().get("hidden").booleanValue()).isFalse();
		JsonNode back = this.api.get("/api/redis-leaderboard/daily?org=acme").json();
		assertThat(scores(back)).isEqualTo(Map.of("alice", 5L, "bob", 10L));
		assertThat(this.api.get("/api/redis-leaderboard/user/bob/rank/daily").json().get("rank").longValue())
			.isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/user/bob/rank/daily").json().has("hidden")).isFalse();
		assertThat(this.store.members(this.periods.current(Period.DAILY))).isEqualTo(3);
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(10));
	}

	@Test
	void statusCountsScopedBoardsAndHiddenUsers() {
		update("alice", 5, "eu", "acme");
		update("bob", 9, "us", null);
		this.api.post(ADMIN + "bob/hide", null, admin());

		JsonNode status = this.api.get("/api/redis-leaderboard/admin/status", admin()).json();

		assertThat(status.get("users").get("total").longValue()).isEqualTo(2);
		assertThat(status.get("users").get("hidden").longValue()).isEqualTo(1);
		assertThat(status.get("scoped_boards").get("regions").longValue()).isEqualTo(2);
		assertThat(status.get("scoped_boards").get("orgs").longValue()).isEqualTo(1);
		assertThat(status.get("scoped_boards").get("boards").longValue()).isEqualTo(12);
		assertThat(status.get("leaderboards").get("daily").get("members").longValue()).isEqualTo(1);
	}

}
