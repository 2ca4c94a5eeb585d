package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.json.JsonPathValueAssert;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/** Periods turn over by themselves as the clock moves; nothing runs at midnight. */
class RolloverIntegrationTests extends IntegrationTestBase {

	/** The total of the current board of the period, for assertions. */
	private JsonPathValueAssert assertThatTotal(String period) {
		return assertThat(this.api.get("/api/redis-leaderboard/" + period).body()).extractingPath("$.total");
	}

	/** The user's score on the current board of the period, for assertions. */
	private JsonPathValueAssert assertThatScore(String user, String period) {
		return assertThat(this.api.get("/api/redis-leaderboard/user/" + user + "/rank/" + period).body())
			.extractingPath("$.score");
	}

	@Test
	void midnightStartsAnEmptyDayAndKeepsTheWeek() {
		this.clock.set("2026-11-25T23:59:59Z");
		this.api.update("alice", 3);

		this.clock.set("2026-11-26T00:00:00Z");
		Response daily = this.api.get("/api/redis-leaderboard/daily");

		assertThat(daily.body()).extractingPath("$.period_start").asString().isEqualTo("2026-11-26");
		assertThat(daily.body()).extractingPath("$.total").isEqualTo(0);
		assertThatTotal("weekly").isEqualTo(1);
		assertThat(this.api.update("alice", 2).body()).extractingPath("$.daily_pomo").isEqualTo(2);
		assertThatScore("alice", "weekly").isEqualTo(5);
		assertThat(this.jdbc.queryForObject(
				"select total from period_totals where period = 'daily' and period_start = '2026-11-25'", Long.class))
			.as("the previous day is kept in PostgreSQL")
			.isEqualTo(3);
	}

	@Test
	void mondayStartsANewWeek() {
		this.clock.set("2026-11-29T23:00:00Z");
		this.api.update("alice", 3);
		this.clock.set("2026-11-30T00:00:01Z");
		this.api.update("alice", 1);

		assertThatScore("alice", "weekly").isEqualTo(1);
		assertThatScore("alice", "monthly").isEqualTo(4);
	}

	@Test
	void theFirstStartsANewMonthAndJanuaryFirstANewYearInsideWeek53() {
		this.clock.set("2026-12-31T23:59:00Z");
		this.api.update("alice", 3);
		Response week53 = this.api.get("/api/redis-leaderboard/weekly");

		this.clock.set("2027-01-01T00:00:00Z");
		this.api.update("alice", 1);

		assertThat(week53.body()).extractingPath("$.period_start").asString().isEqualTo("2026-12-28");
		assertThat(week53.body()).extractingPath("$.resets_at").asString().isEqualTo("2027-01-04T00:00:00Z");
		assertThatScore("alice", "weekly").as("2027-01-01 is still in 2026-W53").isEqualTo(4);
		assertThatScore("alice", "monthly").isEqualTo(1);
		assertThatScore("alice", "yearly").isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/yearly").body()).extractingPath("$.period_start")
			.asString()
			.isEqualTo("2027-01-01");

		this.clock.set("2027-01-04T00:00:00Z");
		assertThat(this.api.get("/api/redis-leaderboard/weekly").body()).extractingPath("$.period_start")
			.asString()
			.isEqualTo("2027-01-04");
		assertThatTotal("weekly").isEqualTo(0);
		assertThatScore("alice", "yearly").isEqualTo(1);
	}

}
