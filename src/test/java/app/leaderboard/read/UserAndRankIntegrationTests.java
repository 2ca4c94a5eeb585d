package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

class UserAndRankIntegrationTests extends IntegrationTestBase {

	@Test
	void userStatsComeFromRedis() {
		this.api.update("alice", 4);

		Response response = this.api.get("/api/redis-leaderboard/user/alice");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.source()).isEqualTo("redis");
		assertThat(response.body()).extractingPath("$.daily_pomo").isEqualTo(4);
		assertThat(response.body()).extractingPath("$.yearly_pomo").isEqualTo(4);
		assertThat(response.body()).extractingPath("$.updated_at").asString().isEqualTo("2026-11-25T10:15:00Z");
	}

	@Test
	void aUserMissingFromTheCacheIsLoadedFromPostgres() throws InterruptedException {
		this.api.update("alice", 4);
		this.redis.deleteOwnKeys();

		Response miss = this.api.get("/api/redis-leaderboard/user/alice");
		assertThat(miss.status()).isEqualTo(200);
		assertThat(miss.source()).isEqualTo("postgres");
		assertThat(miss.body()).extractingPath("$.weekly_pomo").isEqualTo(4);

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		Response next = this.api.get("/api/redis-leaderboard/user/alice");
		while (!"redis".equals(next.source()) && System.nanoTime() < deadline) {
			Thread.sleep(50);
			next = this.api.get("/api/redis-leaderboard/user/alice");
		}
		assertThat(next.source()).isEqualTo("redis");
		assertThat(next.body()).extractingPath("$.weekly_pomo").isEqualTo(4);
	}

	@Test
	void aNewDayShowsZeroForTheDayAndKeepsTheWeek() {
		this.clock.set("2026-11-25T23:59:00Z");
		this.api.update("alice", 4);
		this.clock.set("2026-11-26T00:00:00Z");

		Response stats = this.api.get("/api/redis-leaderboard/user/alice");
		Response daily = this.api.get("/api/redis-leaderboard/user/alice/rank/daily");
		Response weekly = this.api.get("/api/redis-leaderboard/user/alice/rank/weekly");

		assertThat(stats.body()).extractingPath("$.daily_pomo").isEqualTo(0);
		assertThat(stats.body()).extractingPath("$.weekly_pomo").isEqualTo(4);
		assertThat(daily.status()).isEqualTo(200);
		assertThat(daily.body()).extractingPath("$.rank").isNull();
		assertThat(daily.body()).extractingPath("$.score").isEqualTo(0);
		assertThat(weekly.body()).extractingPath("$.rank").isEqualTo(1);
	}

	@Test
	void rankIsTheCompetitionRank() {
		this.api.update("bob", 12);
		this.api.update("alice", 9);
		this.api.update("carol", 9);
		this.api.update("dave", 7);

		Response carol = this.api.get("/api/redis-leaderboard/user/carol/rank/daily");
		Response dave = this.api.get("/api/redis-leaderboard/user/dave/rank/daily");

		assertThat(carol.status()).isEqualTo(200);
		assertThat(carol.source()).isEqualTo("redis");
		assertThat(carol.body()).extractingPath("$.user_id").asString().isEqualTo("carol");
		assertThat(carol.body()).extractingPath("$.period").asString().isEqualTo("daily");
		assertThat(carol.body()).extractingPath("$.rank").isEqualTo(2);
		assertThat(carol.body()).extractingPath("$.score").isEqualTo(9);
		assertThat(carol.body()).extractingPath("$.total").isEqualTo(4);
		assertThat(dave.body()).extractingPath("$.rank").isEqualTo(4);
	}

	@Test
	void rankFromPostgresMatchesRedis() {
		this.api.update("bob", 12);
		this.api.update("alice", 9);
		this.api.update("carol", 9);
		this.redis.deleteOwnKeys();

		Response carol = this.api.get("/api/redis-leaderboard/user/carol/rank/monthly");

		assertThat(carol.body()).extractingPath("$.rank").isEqualTo(2);
		assertThat(carol.body()).extractingPath("$.total").isEqualTo(3);
	}

	@Test
	void unknownUsersAre404AndBadInputs400() {
		this.api.update("alice", 1);

		assertThat(this.api.get("/api/redis-leaderboard/user/nobody").status()).isEqualTo(404);
		assertThat(this.api.get("/api/redis-leaderboard/user/nobody").contentType())
			.startsWith("application/problem+json");
		assertThat(this.api.get("/api/redis-leaderboard/user/nobody/rank/daily").status()).isEqualTo(404);
		assertThat(this.api.get("/api/redis-leaderboard/user/alice/rank/hourly").status()).isEqualTo(400);
		assertThat(this.api.get("/api/redis-leaderboard/user/" + "x".repeat(65)).status()).isEqualTo(400);
		assertThat(this.api.get("/api/redis-leaderboard/user/a%20b").status()).isEqualTo(400);
		assertThat(this.api.get("/api/redis-leaderboard/user/a%20b/rank/daily").status()).isEqualTo(400);
	}

}
