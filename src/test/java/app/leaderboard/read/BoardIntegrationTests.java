package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

class BoardIntegrationTests extends IntegrationTestBase {

	/** rank:user:score of each entry, for compact assertions. */
	private static List<String> entries(Response response) {
		return response.entries(":");
	}

	private void seedTies() {
		// bob 12; alice and carol tie at 9 (alice first); dave 7; erin, frank, gina tie
		// at 5 (same second: by id)
		this.api.update("bob", 12);
		this.api.update("alice", 9);
		this.clock.advance(Duration.ofSeconds(5));
		this.api.update("carol", 9);
		this.api.update("dave", 7);
		this.clock.advance(Duration.ofSeconds(5));
		this.api.update("gina", 5);
		this.api.update("erin", 5);
		this.api.update("frank", 5);
	}

	@Test
	void aBoardListsCompetitionRanksWithEarlierTiesFirst() {
		seedTies();

		Response response = this.api.get("/api/redis-leaderboard/daily?limit=10");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.source()).isEqualTo("redis");
		assertThat(entries(response)).containsExactly("1:bob:12", "2:alice:9", "2:carol:9", "4:dave:7", "5:erin:5",
				"5:frank:5", "5:gina:5");
		assertThat(response.body()).extractingPath("$.period").asString().isEqualTo("daily");
		assertThat(response.body()).extractingPath("$.period_start").asString().isEqualTo("2026-11-25");
		assertThat(response.body()).extractingPath("$.resets_at").asString().isEqualTo("2026-11-26T00:00:00Z");
		assertThat(response.body()).extractingPath("$.total").isEqualTo(7);
	}

	@Test
	void ranksStayRightAcrossPages() {
		seedTies();

		assertThat(entries(this.api.get("/api/redis-leaderboard/weekly?limit=2&offset=0"))).containsExactly("1:bob:12",
				"2:alice:9");
		assertThat(entries(this.api.get("/api/redis-leaderboard/weekly?limit=2&offset=2"))).containsExactly("2:carol:9",
				"4:dave:7");
		assertThat(entries(this.api.get("/api/redis-leaderboard/weekly?limit=2&offset=4"))).containsExactly("5:erin:5",
				"5:frank:5");
		assertThat(entries(this.api.get("/api/redis-leaderboard/weekly?limit=2&offset=5"))).containsExactly("5:frank:5",
				"5:gina:5");
		assertThat(entries(this.api.get("/api/redis-leaderboard/weekly?limit=2&offset=7"))).isEmpty();
		assertThat(this.api.get("/api/redis-leaderboard/weekly?limit=2&offset=7").body()).extractingPath("$.total")
			.isEqualTo(7);
	}

	@Test
	void postgresAnswersInTheSameOrderAsRedis() {
		seedTies();
		List<String> fromRedis = entries(this.api.get("/api/redis-leaderboard/monthly?limit=3&offset=3"));

		this.redis.deleteOwnKeys();
		Response cold = this.api.get("/api/redis-leaderboard/monthly?limit=3&offset=3");

		assertThat(entries(cold)).isEqualTo(fromRedis).containsExactly("4:dave:7", "5:erin:5", "5:frank:5");
		assertThat(cold.body()).extractingPath("$.total").isEqualTo(7);
	}

	@Test
	void aColdBoardIsRebuiltWithoutAnAdminCall() throws InterruptedException {
		seedTies();
		this.redis.deleteOwnKeys();

		this.api.get("/api/redis-leaderboard/yearly");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		Response response = this.api.get("/api/redis-leaderboard/yearly");
		while (!"redis".equals(response.source()) && System.nanoTime() < deadline) {
			Thread.sleep(50);
			response = this.api.get("/api/redis-leaderboard/yearly");
		}

		assertThat(response.source()).isEqualTo("redis");
		assertThat(entries(response)).hasSize(7).startsWith("1:bob:12");
	}

	@Test
	void aLaterUpdateToTheSameScoreRanksAfterTheEarlierOne() {
		this.api.update("zed", 3);
		this.clock.advance(Duration.ofMinutes(1));
		this.api.update("amy", 1);
		this.clock.advance(Duration.ofMinutes(1));
		this.api.update("amy", 2);

		assertThat(entries(this.api.get("/api/redis-leaderboard/daily"))).containsExactly("1:zed:3", "1:amy:3");
	}

	@Test
	void anEmptyBoardHasNoEntries() {
		Response response = this.api.get("/api/redis-leaderboard/daily");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).extractingPath("$.total").isEqualTo(0);
		assertThat(response.body()).extractingPath("$.entries").asArray().isEmpty();
	}

	@Test
	void limitDefaultsToTenAndAcceptsTheBounds() {
		for (int i = 0; i < 12; i++) {
			this.api.update("user" + i, 1 + i);
		}

		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.entries")
			.asArray()
			.hasSize(10);
		assertThat(this.api.get("/api/redis-leaderboard/daily?limit=1").body()).extractingPath("$.entries")
			.asArray()
			.hasSize(1);
		assertThat(this.api.get("/api/redis-leaderboard/daily?limit=1000").body()).extractingPath("$.entries")
			.asArray()
			.hasSize(12);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/redis-leaderboard/hourly", "/api/redis-leaderboard/Daily",
			"/api/redis-leaderboard/daily?limit=0", "/api/redis-leaderboard/daily?limit=1001",
			"/api/redis-leaderboard/daily?limit=-3", "/api/redis-leaderboard/daily?limit=ten",
			"/api/redis-leaderboard/daily?limit=1.5", "/api/redis-leaderboard/daily?offset=-1",
			"/api/redis-leaderboard/daily?offset=x", "/api/redis-leaderboard/daily?limit=" })
	void badPeriodsAndPagesAre400Problems(String path) {
		Response response = this.api.get(path);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).extractingPath("$.detail").asString().isNotBlank();
	}

}
