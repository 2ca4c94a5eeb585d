package app.leaderboard.operate.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.json.JsonContent;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import java.time.ZoneOffset;

import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.connection.RedisConnector;
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
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(1);
		assertThat(this.redis.boardLoaded(new Periods(this.clock, ZoneOffset.UTC).current(Period.DAILY))).isTrue();
	}

	@Test
	void syncRebuildsBoardsAndTheUserCache() {
		this.api.update("alice", 3);
		this.api.update("bob", 1);
		this.redis.deleteOwnKeys();

		Response sync = call("POST", "/sync", admin());

		assertThat(sync.status()).isEqualTo(200);
		assertThat(sync.body()).extractingPath("$.users_synced").isEqualTo(2);
		assertThat(sync.body()).extractingPath("$.duration_ms").asNumber().isNotNull();
		Response board = this.api.get("/api/redis-leaderboard/daily");
		assertThat(board.source()).isEqualTo("redis");
		assertThat(board.body()).extractingPath("$.total").isEqualTo(2);
		assertThat(this.api.get("/api/redis-leaderboard/user/bob").source()).isEqualTo("redis");
	}

	@Test
	void resetEmptiesOnlyTheChosenPeriod() {
		this.api.update("alice", 3);
		this.api.update("bob", 1);

		Response reset = call("POST", "/reset/daily", admin());

		assertThat(reset.status()).isEqualTo(200);
		assertThat(reset.body()).extractingPath("$.period").asString().isEqualTo("daily");
		assertThat(reset.body()).extractingPath("$.users_reset").isEqualTo(2);
		Response daily = this.api.get("/api/redis-leaderboard/daily");
		assertThat(daily.body()).extractingPath("$.total").isEqualTo(0);
		assertThat(daily.source()).isEqualTo("redis");
		assertThat(this.api.get("/api/redis-leaderboard/weekly").body()).extractingPath("$.total").isEqualTo(2);
		Response alice = this.api.get("/api/redis-leaderboard/user/alice");
		assertThat(alice.body()).extractingPath("$.daily_pomo").isEqualTo(0);
		assertThat(alice.body()).extractingPath("$.weekly_pomo").isEqualTo(3);
		assertThat(this.jdbc.queryForObject("select count(*) from period_totals where period = 'daily'", Long.class))
			.isZero();
		assertThat(this.api.update("alice", 1).body()).extractingPath("$.daily_pomo").isEqualTo(1);
	}

	@Test
	void aLateRedisWriteOfTheOldTotalIsUndoneShortlyAfterAReset() {
		this.api.update("alice", 3);
		// an update that committed before the reset, its Redis write arriving after it
		UserScores late = this.store.userScores("alice", this.periods.currentAll().values()).orElseThrow();
		assertThat(call("POST", "/reset/daily", admin()).status()).isEqualTo(200);
		// the reset's rebuild took alice off the board at her version, so the late write
		// of that version is refused at once (board_touch.lua); the settle rebuild is the
		// second net
		this.boards.apply(List.of(late), false);

		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total")
						.isEqualTo(0));
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.daily_pomo")
			.isEqualTo(0);
		assertThat(this.api.get("/api/redis-leaderboard/weekly").body()).extractingPath("$.total").isEqualTo(1);
	}

	@Test
	void resetOfAnUnknownPeriodIs400() {
		assertThat(call("POST", "/reset/hourly", admin()).status()).isEqualTo(400);
	}

	@Test
	void statusReportsBothStoresAndTheBoards() {
		this.api.update("alice", 3);
		this.api.get("/api/redis-leaderboard/daily");

		JsonContent status = call("GET", "/status", admin()).body();

		assertThat(status).extractingPath("$.redis.connected").asBoolean().isTrue();
		assertThat(status).extractingPath("$.redis.used_memory_bytes")
			.asNumber()
			.extracting(Number::longValue, InstanceOfAssertFactories.LONG)
			.isPositive();
		assertThat(status).extractingPath("$.postgres.connected").asBoolean().isTrue();
		assertThat(status).extractingPath("$.users.total").isEqualTo(1);
		assertThat(status).extractingPath("$.users.cached").asNumber().isNotNull();
		for (String period : new String[] { "daily", "weekly", "monthly", "yearly" }) {
			assertThat(status).extractingPath("$.leaderboards." + period + ".members").isEqualTo(1);
		}
		assertThat(status).extractingPath("$.cache.hits").asNumber().isNotNull();
		assertThat(status).extractingPath("$.cache.misses").asNumber().isNotNull();
		assertThat(status).extractingPath("$.drift.in_sync").asBoolean().isTrue();
	}

	@Test
	void deletingTheCacheRemovesOnlyThisServicesKeys() {
		this.api.update("alice", 3);
		this.api.get("/api/redis-leaderboard/daily");
		RedisClient client = RedisClient.create(this.connector.uri());
		try (StatefulRedisConnection<String, String> other = client.connect()) {
			other.sync().set("other-app:keep-me", "1");
			other.sync().set("lbtest", "similar name, not under the prefix");
			List<String> ours = other.sync().keys("lbtest:*");

			Response deleted = call("DELETE", "/cache", admin());
			// the keys left, read at once: the assertions below take time, during which
			// the warm-up may finish rebuilding what it found missing
			List<String> left = other.sync().keys("lbtest:*");

			assertThat(deleted.status()).isEqualTo(200);
			// every key of ours went (the maintenance may have made some anew since)
			assertThat(deleted.body()).extractingPath("$.keys_deleted")
				.asNumber()
				.extracting(Number::longValue, InstanceOfAssertFactories.LONG)
				.isGreaterThanOrEqualTo((long) ours.size());
			assertThat(other.sync().get("other-app:keep-me")).isEqualTo("1");
			assertThat(other.sync().get("lbtest")).isEqualTo("similar name, not under the prefix");
			// the warm-up may already be rebuilding a board or bucket it found missing:
			// its lock, build key and the build's owner key, and the version hash its
			// re-apply writes; and the background jobs renew their leases and shared
			// values: new keys, not ones the delete left behind
			assertThat(left)
				.allMatch((key) -> key.endsWith(":lock") || key.endsWith(":build") || key.endsWith(":build:owner")
						|| key.endsWith(":ver") || key.startsWith("lbtest:lease:") || key.startsWith("lbtest:shared:"));
			other.sync().del("other-app:keep-me", "lbtest");
		}
		finally {
			client.shutdown();
		}
		Response board = this.api.get("/api/redis-leaderboard/daily");
		assertThat(board.body()).extractingPath("$.total").isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.daily_pomo")
			.isEqualTo(3);
	}

}
