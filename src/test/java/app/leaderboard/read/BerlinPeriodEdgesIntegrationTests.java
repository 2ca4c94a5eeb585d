package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.core.Period;
import app.leaderboard.support.TestApi.Response;

/**
 * Past periods by date at their first and last days, in a zone an hour ahead of UTC (two
 * in summer): the instant that ends a week, a month or a year in Berlin is still the day
 * before in UTC. Each pair of updates lies one hour apart across a boundary.
 */
@TestPropertySource(properties = "leaderboard.time-zone=Europe/Berlin")
class BerlinPeriodEdgesIntegrationTests extends ReadsTestBase {

	private void updateAt(String instant, String user) {
		this.clock.set(instant);
		this.api.update(user, 1);
	}

	@Test
	void theLastAndFirstDayOfAWeek() {
		// Sunday 2026-11-29 23:30 and Monday 2026-11-30 00:30 in Berlin
		updateAt("2026-11-29T22:30:00Z", "sunday");
		updateAt("2026-11-29T23:30:00Z", "monday");
		this.clock.set("2026-12-02T12:00:00Z");

		Response last = fromBothSources(API + "/weekly?date=2026-11-29", board(Period.WEEKLY, "2026-11-29"));
		Response first = this.api.get(API + "/weekly?date=2026-11-30");

		assertThat(last.body()).extractingPath("$.period_start").asString().isEqualTo("2026-11-23");
		assertThat(last.body()).extractingPath("$.resets_at").asString().isEqualTo("2026-11-29T23:00:00Z");
		assertThat(entries(last)).containsExactly("1:sunday:1");
		assertThat(first.body()).extractingPath("$.period_start").asString().isEqualTo("2026-11-30");
		assertThat(entries(first)).containsExactly("1:monday:1");
		assertThat(entries(this.api.get(API + "/daily?date=2026-11-29"))).containsExactly("1:sunday:1");
	}

	@Test
	void theLastAndFirstDayOfAMonth() {
		// Saturday 2026-10-31 23:30 CET and Sunday 2026-11-01 00:30 in Berlin
		updateAt("2026-10-31T22:30:00Z", "october");
		updateAt("2026-10-31T23:30:00Z", "november");
		this.clock.set("2026-11-25T10:15:00Z");

		Response october = fromBothSources(API + "/monthly?date=2026-10-31", board(Period.MONTHLY, "2026-10-31"));
		Response november = this.api.get(API + "/monthly?date=2026-11-01");

		assertThat(october.body()).extractingPath("$.period_start").asString().isEqualTo("2026-10-01");
		assertThat(october.body()).extractingPath("$.resets_at").asString().isEqualTo("2026-10-31T23:00:00Z");
		assertThat(entries(october)).containsExactly("1:october:1");
		assertThat(entries(november)).containsExactly("1:november:1");
		assertThat(entries(this.api.get(API + "/user/november/around/daily?date=2026-11-01&radius=3")))
			.containsExactly("1:november:1");
	}

	@Test
	void theLastAndFirstDayOfAYear() {
		// Thursday 2026-12-31 23:30 and Friday 2027-01-01 00:30 in Berlin: both in ISO
		// week 2026-W53, which starts on Monday 2026-12-28
		updateAt("2026-12-31T22:30:00Z", "old");
		updateAt("2026-12-31T23:30:00Z", "new");
		this.clock.set("2027-01-05T08:00:00Z");

		Response lastYear = fromBothSources(API + "/yearly?date=2026-12-31", board(Period.YEARLY, "2026-12-31"));
		Response thisYear = this.api.get(API + "/yearly?date=2027-01-01");
		Response week = this.api.get(API + "/weekly/users?ids=old,new&date=2027-01-03");

		assertThat(lastYear.body()).extractingPath("$.period_start").asString().isEqualTo("2026-01-01");
		assertThat(lastYear.body()).extractingPath("$.resets_at").asString().isEqualTo("2026-12-31T23:00:00Z");
		assertThat(entries(lastYear)).containsExactly("1:old:1");
		assertThat(thisYear.body()).extractingPath("$.period_start").asString().isEqualTo("2027-01-01");
		assertThat(entries(thisYear)).containsExactly("1:new:1");
		assertThat(week.body()).extractingPath("$.period_start").asString().isEqualTo("2026-12-28");
		assertThat(entries(week)).containsExactly("1:old:1", "1:new:1");
	}

	@Test
	void tomorrowInUtcIsTodayInBerlin() {
		// 2026-11-25 23:30 UTC is 2026-11-26 00:30 in Berlin
		this.clock.set("2026-11-25T23:30:00Z");

		assertThat(this.api.get(API + "/daily?date=2026-11-26").status()).isEqualTo(200);
		assertProblem(this.api.get(API + "/daily?date=2026-11-27"), 400, "today is 2026-11-26 in Europe/Berlin");
	}

}
