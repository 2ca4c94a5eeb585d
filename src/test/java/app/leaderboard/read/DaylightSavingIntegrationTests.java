package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/** Days begin at local midnight in a zone with daylight saving, whatever their length. */
@TestPropertySource(properties = "leaderboard.time-zone=Europe/Berlin")
class DaylightSavingIntegrationTests extends IntegrationTestBase {

	@Test
	void the23HourDayEndsAtLocalMidnight() {
		// 2026-03-29 in Berlin: 00:00+01:00 to 24:00+02:00, i.e. 23:00Z to 22:00Z
		this.clock.set("2026-03-29T21:59:59Z");
		this.api.update("alice", 2);
		Response before = this.api.get("/api/redis-leaderboard/daily");

		this.clock.set("2026-03-29T22:00:00Z");
		Response after = this.api.get("/api/redis-leaderboard/daily");

		assertThat(before.body()).extractingPath("$.period_start").asString().isEqualTo("2026-03-29");
		assertThat(before.body()).extractingPath("$.resets_at").asString().isEqualTo("2026-03-29T22:00:00Z");
		assertThat(before.body()).extractingPath("$.total").isEqualTo(1);
		assertThat(after.body()).extractingPath("$.period_start").asString().isEqualTo("2026-03-30");
		assertThat(after.body()).extractingPath("$.total").isEqualTo(0);
	}

	@Test
	void the25HourDayHoldsBothOfItsOneOClocks() {
		// 2026-10-25 in Berlin runs from 22:00Z on the 24th to 23:00Z on the 25th
		this.clock.set("2026-10-24T22:30:00Z");
		this.api.update("bob", 1);
		this.clock.set("2026-10-25T22:59:59Z");
		this.api.update("bob", 1);

		Response day = this.api.get("/api/redis-leaderboard/daily");

		assertThat(day.body()).extractingPath("$.period_start").asString().isEqualTo("2026-10-25");
		assertThat(day.body()).extractingPath("$.resets_at").asString().isEqualTo("2026-10-25T23:00:00Z");
		assertThat(day.body()).extractingPath("$.entries[0].score").isEqualTo(2);
	}

}
