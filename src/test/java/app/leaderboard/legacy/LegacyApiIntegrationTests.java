package app.leaderboard.legacy;

import static app.leaderboard.support.TestApi.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.json.JsonContent;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.read.CacheStats;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * The old API (docs/migration.md) with {@code LEADERBOARD_LEGACY_API} at its default
 * (true): the old paths answer like the new ones, the read from PostgreSQL alone.
 */
class LegacyApiIntegrationTests extends IntegrationTestBase {

	@Autowired
	private RedisConnector connector;

	@Autowired
	private Periods periods;

	@Autowired
	private CacheStats cacheStats;

	private Response legacyUpdate(String userId, int count, String... headers) {
		return this.api.post("/api/leaderboard/update", "{\"user_id\":\"" + userId + "\",\"count\":" + count + "}",
				headers);
	}

	@Test
	void theLegacyUpdateRecordsLikeTheNewOne() {
		Response response = legacyUpdate("alice", 3);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).extractingPath("$.user_id").asString().isEqualTo("alice");
		assertThat(response.body()).extractingPath("$.daily_pomo").isEqualTo(3);
		assertThat(response.body()).extractingPath("$.yearly_pomo").isEqualTo(3);
		long version = this.jdbc.queryForObject("select version from users where user_id = 'alice'", Long.class);
		this.api.update("alice", 2);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.daily_pomo")
			.isEqualTo(5);
		// versions come from one sequence: the next update's is above the legacy one's
		assertThat(this.jdbc.queryForObject("select version from users where user_id = 'alice'", Long.class))
			.isGreaterThan(version);
	}

	@Test
	void theLegacyUpdateValidatesAndIsIdempotentLikeTheNewOne() {
		for (String body : new String[] { "{\"user_id\":\"alice\",\"count\":0}",
				"{\"user_id\":\"alice\",\"count\":1.5}", "{\"user_id\":\"al ice\",\"count\":1}", "{\"count\":1}",
				"not json" }) {
			Response response = this.api.post("/api/leaderboard/update", body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
		assertThat(legacyUpdate("bob", 2, "Idempotency-Key", "k-1").status()).isEqualTo(200);
		Response repeat = legacyUpdate("bob", 2, "Idempotency-Key", "k-1");
		assertThat(repeat.status()).isEqualTo(200);
		assertThat(repeat.body()).extractingPath("$.daily_pomo").isEqualTo(2);
		// the key is the same key space as the new path's
		assertThat(this.api.update("bob", 2, "Idempotency-Key", "k-1").body()).extractingPath("$.daily_pomo")
			.isEqualTo(2);
		assertThat(legacyUpdate("bob", 3, "Idempotency-Key", "k-1").status()).isEqualTo(409);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isEqualTo(1);
	}

	@Test
	void theLegacyBoardIsTheNewBoardsBodyReadFromPostgres() {
		legacyUpdate("alice", 3);
		legacyUpdate("bob", 5);
		legacyUpdate("carol", 3);
		legacyUpdate("dave", 1);

		for (String query : new String[] { "", "?limit=2", "?limit=2&offset=1", "?offset=3", "?limit=1000" }) {
			Response legacy = this.api.get("/api/leaderboard/weekly" + query);
			Response current = this.api.get("/api/redis-leaderboard/weekly" + query);
			assertThat(legacy.status()).isEqualTo(200);
			assertThat(legacy.source()).isEqualTo("postgres");
			assertThat(current.source()).isEqualTo("redis");
			assertThat(legacy.json()).as(query).isEqualTo(current.json());
		}
		Response page = this.api.get("/api/leaderboard/daily?limit=3");
		assertThat(page.body()).extractingPath("$.total").isEqualTo(4);
		assertThat(page.body()).extractingPath("$.entries")
			.isEqualTo(List.of(entry(1, "bob", 5), entry(2, "alice", 3), entry(2, "carol", 3)));
	}

	@Test
	void theLegacyBoardNeverReadsRedis() {
		legacyUpdate("alice", 3);
		legacyUpdate("bob", 5);
		// Redis made to disagree behind the service's back: only the new read sees it
		RedisClient client = RedisClient.create(this.connector.uri());
		try (StatefulRedisConnection<String, String> raw = client.connect()) {
			var instance = this.periods.current(Period.DAILY);
			raw.sync().zadd(this.keys.board(instance), BoardScore.encode(99, this.clock.instant(), instance), "alice");
		}
		finally {
			client.shutdown();
		}
		long hits = this.cacheStats.hits();
		long misses = this.cacheStats.misses();

		Response legacy = this.api.get("/api/leaderboard/daily");

		assertThat(legacy.body()).extractingPath("$.entries[0].user_id").asString().isEqualTo("bob");
		assertThat(legacy.body()).extractingPath("$.entries[1].score").isEqualTo(3);
		assertThat(this.cacheStats.hits()).isEqualTo(hits);
		assertThat(this.cacheStats.misses()).isEqualTo(misses);
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.entries[0].score")
			.isEqualTo(99);
	}

	@Test
	void theLegacyBoardRejectsWhatTheNewOneRejects() {
		for (String path : new String[] { "/api/leaderboard/hourly", "/api/leaderboard/daily?limit=0",
				"/api/leaderboard/daily?limit=1001", "/api/leaderboard/daily?offset=-1",
				"/api/leaderboard/daily?limit=x" }) {
			Response response = this.api.get(path);
			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
		}
	}

	@Test
	void theOpenApiDocumentMarksTheLegacyPathsDeprecated() {
		JsonContent docs = this.api.get("/v3/api-docs").body();

		assertThat(docs).extractingPath("$.paths['/api/leaderboard/{period}'].get.deprecated").asBoolean().isTrue();
		assertThat(docs).extractingPath("$.paths['/api/leaderboard/update'].post.deprecated").asBoolean().isTrue();
		assertThat(docs).hasPath("$.paths['/api/redis-leaderboard/update'].post")
			.doesNotHavePath("$.paths['/api/redis-leaderboard/update'].post.deprecated");
	}

}
