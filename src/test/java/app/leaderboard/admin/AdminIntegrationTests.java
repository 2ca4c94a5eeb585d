package app.leaderboard.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import app.leaderboard.period.Periods;
import app.leaderboard.postgres.BoardQueries;
import app.leaderboard.redis.RedisBoardWrites;
import app.leaderboard.totals.UserScores;
import app.leaderboard.redis.RedisConnector;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

class AdminIntegrationTests extends IntegrationTestBase {

	@Autowired
	private RedisBoardWrites boards;

	@Autowired
	private RedisConnector connector;

	@Autowired
	private BoardQueries store;

	@Autowired
	private Periods periods;

	private Response call(String method, String path, String... headers) {
		return this.api.method(method, "/api/redis-leaderboard/admin" + path, null, null, headers);
	}

	@ParameterizedTest
	@CsvSource({ "POST,/sync", "POST,/reset/daily", "GET,/status", "DELETE,/cache" })
	void withoutATokenNothingHappens(String method, String path) {
		this.api.update("alice", 3);

		Response missing = call(method, path);
		Response wrong = call(method, path, "Authorization", "Bearer not-the-token");
		Response basic = call(method, path, "Authorization", "Basic dGVzdDp0ZXN0");

		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.contentType()).startsWith("application/problem+json");
		assertThat(missing.header("WWW-Authenticate")).contains("Bearer");
		assertThat(wrong.status()).isEqualTo(403);
		assertThat(wrong.contentType()).startsWith("application/problem+json");
		assertThat(basic.status()).isEqualTo(401);
		assertThat(this.api.get("/api/redis-leaderboard/daily").json().get("total").longValue()).isEqualTo(1);
		assertThat(this.redis.boardLoaded(new app.leaderboard.period.Periods(this.clock, java.time.ZoneOffset.UTC)
			.current(app.leaderboard.period.Period.DAILY))).isTrue();
	}

	@Test
	void syncRebuildsBoardsAndTheUserCache() {
		this.api.update("alice", 3);
		this.api.update("bob", 1);
		this.redis.deleteOwnKeys();

		Response sync = call("POST", "/sync", admin());

		assertThat(sync.status()).isEqualTo(200);
		assertThat(sync.json().get("users_synced").longValue()).isEqualTo(2);
		assertThat(sync.json().get("duration_ms").isNumber()).isTrue();
		Response board = this.api.get("/api/redis-leaderboard/daily");
		assertThat(board.source()).isEqualTo("redis");
		assertThat(board.json().get("total").longValue()).isEqualTo(2);
		assertThat(this.api.get("/api/redis-leaderboard/user/bob").source()).isEqualTo("redis");
	}

	@Test
	void resetEmptiesOnlyTheChosenPeriod() {
		this.api.update("alice", 3);
		this.api.update("bob", 1);

		Response reset = call("POST", "/reset/daily", admin());

		assertThat(reset.status()).isEqualTo(200);
		assertThat(reset.json().get("period").stringValue()).isEqualTo("daily");
		assertThat(reset.json().get("users_reset").longValue()).isEqualTo(2);
		Response daily = this.api.get("/api/redis-leaderboard/daily");
		assertThat(daily.json().get("total").longValue()).isZero();
		assertThat(daily.source()).isEqualTo("redis");
		assertThat(this.api.get("/api/redis-leaderboard/weekly").json().get("total").longValue()).isEqualTo(2);
		JsonNode alice = this.api.get("/api/redis-leaderboard/user/alice").json();
		assertThat(alice.get("daily_pomo").longValue()).isZero();
		assertThat(alice.get("weekly_pomo").longValue()).isEqualTo(3);
		assertThat(this.jdbc.queryForObject("select count(*) from period_totals where period = 'daily'", Long.class))
			.isZero();
		assertThat(this.api.update("alice", 1).json().get("daily_pomo").longValue()).isEqualTo(1);
	}

	@Test
	void aLateRedisWriteOfTheOldTotalIsUndoneShortlyAfterAReset() {
		this.api.update("alice", 3);
		// an update that committed before the reset, its Redis write arriving after it
		UserScores late = this.store.userScores("alice", this.periods.currentAll().values()).orElseThrow();
		assertThat(call("POST", "/reset/daily", admin()).status()).isEqualTo(200);
		// the reset's rebuild took alice off the board at her version, so the late write
		// of
		// that version is refused at once (board_touch.lua); the settle rebuild is the
		// second net
		this.boards.apply(List.of(late), false);

		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.api.get("/api/redis-leaderboard/daily").json().get("total").longValue() == 0);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").json().get("daily_pomo").longValue()).isZero();
		assertThat(this.api.get("/api/redis-leaderboard/weekly").json().get("total").longValue()).isEqualTo(1);
	}

	@Test
	void resetOfAnUnknownPeriodIs400() {
		assertThat(call("POST", "/reset/hourly", admin()).status()).isEqualTo(400);
	}

	@Test
	void statusReportsBothStoresAndTheBoards() {
		this.api.update("alice", 3);
		this.api.get("/api/redis-leaderboard/daily");

		JsonNode status = call("GET", "/status", admin()).json();

		assertThat(status.get("redis").get("connected").booleanValue()).isTrue();
		assertThat(status.get("redis").get("used_memory_bytes").longValue()).isPositive();
		assertThat(status.get("postgres").get("connected").booleanValue()).isTrue();
		assertThat(status.get("users").get("total").longValue()).isEqualTo(1);
		assertThat(status.get("users").get("cached").isNumber()).isTrue();
		for (String period : new String[] { "daily", "weekly", "monthly", "yearly" }) {
			assertThat(status.get("leaderboards").get(period).get("members").longValue()).isEqualTo(1);
		}
		assertThat(status.get("cache").get("hits").isNumber()).isTrue();
		assertThat(status.get("cache").get("misses").isNumber()).isTrue();
		assertThat(status.get("drift").get("in_sync").booleanValue()).isTrue();
	}

	@Test
	void deletingTheCacheRemovesOnlyThisServicesKeys() {
		this.api.update("alice", 3);
		this.api.get("/api/redis-leaderboard/daily");
		RedisClient client = RedisClient.create(this.connector.uri());
		try (StatefulRedisConnection<String, String> other = client.connect()) {
			other.sync().set("other-app:keep-me", "1");
			other.sync().set("lbtest", "similar name, not under the prefix");

			Response deleted = call("DELETE", "/cache", admin());

			assertThat(deleted.status()).isEqualTo(200);
			assertThat(deleted.json().get("keys_deleted").longValue()).isPositive();
			assertThat(other.sync().get("other-app:keep-me")).isEqualTo("1");
			assertThat(other.sync().get("lbtest")).isEqualTo("similar name, not under the prefix");
			assertThat(other.sync().keys("lbtest:*")).isEmpty();
			other.sync().del("other-app:keep-me", "lbtest");
		}
		finally {
			client.shutdown();
		}
		Response board = this.api.get("/api/redis-leaderboard/daily");
		assertThat(board.json().get("total").longValue()).isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").json().get("daily_pomo").longValue()).isEqualTo(3);
	}

}
