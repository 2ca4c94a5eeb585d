package app.leaderboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import java.time.temporal.IsoFields;

class PeriodsTests {

	private static Periods at(String instant, String zone) {
		return new Periods(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), ZoneId.of(zone));
	}

	@Test
	void aDayBeginsAtMidnightInTheConfiguredZone() {
		PeriodInstance lastSecond = at("2026-11-25T23:59:59Z", "UTC").current(Period.DAILY);
		PeriodInstance midnight = at("2026-11-26T00:00:00Z", "UTC").current(Period.DAILY);

		assertThat(lastSecond.startDate()).isEqualTo(LocalDate.parse("2026-11-25"));
		assertThat(lastSecond.end()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
		assertThat(midnight.startDate()).isEqualTo(LocalDate.parse("2026-11-26"));
	}

	@Test
	void theSameMomentIsAnotherDayInAnotherZone() {
		PeriodInstance tokyo = at("2026-11-25T16:00:00Z", "Asia/Tokyo").current(Period.DAILY);

		assertThat(tokyo.startDate()).isEqualTo(LocalDate.parse("2026-11-26"));
		assertThat(tokyo.start()).isEqualTo(Instant.parse("2026-11-25T15:00:00Z"));
	}

	@Test
	void weeksAreIsoWeeksStartingOnMonday() {
		assertThat(at("2026-11-29T23:59:59Z", "UTC").current(Period.WEEKLY).startDate())
			.isEqualTo(LocalDate.parse("2026-11-23"));
		assertThat(at("2026-11-30T00:00:00Z", "UTC").current(Period.WEEKLY).startDate())
			.isEqualTo(LocalDate.parse("2026-11-30"));
	}

	@Test
	void newYearsEve2026LiesInWeek53WhichEndsOnJanuaryFourth() {
		PeriodInstance week53 = at("2026-12-31T12:00:00Z", "UTC").current(Period.WEEKLY);
		PeriodInstance stillWeek53 = at("2027-01-03T23:59:59Z", "UTC").current(Period.WEEKLY);
		PeriodInstance week1 = at("2027-01-04T00:00:00Z", "UTC").current(Period.WEEKLY);

		assertThat(week53.startDate()).isEqualTo(LocalDate.parse("2026-12-28"));
		assertThat(week53.startDate().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)).isEqualTo(53);
		assertThat(stillWeek53).isEqualTo(week53);
		assertThat(week1.startDate()).isEqualTo(LocalDate.parse("2027-01-04"));
		assertThat(week53.end()).isEqualTo(week1.start());
	}

	@Test
	void monthsAndYearsTurnAtTheirFirstMidnight() {
		Periods lastSecond = at("2026-12-31T23:59:59Z", "UTC");
		Periods newYear = at("2027-01-01T00:00:00Z", "UTC");

		assertThat(lastSecond.current(Period.MONTHLY).startDate()).isEqualTo(LocalDate.parse("2026-12-01"));
		assertThat(lastSecond.current(Period.YEARLY).startDate()).isEqualTo(LocalDate.parse("2026-01-01"));
		assertThat(newYear.current(Period.MONTHLY).startDate()).isEqualTo(LocalDate.parse("2027-01-01"));
		assertThat(newYear.current(Period.YEARLY).startDate()).isEqualTo(LocalDate.parse("2027-01-01"));
		assertThat(newYear.current(Period.YEARLY).end()).isEqualTo(Instant.parse("2028-01-01T00:00:00Z"));
		assertThat(at("2028-02-29T12:00:00Z", "UTC").current(Period.MONTHLY).end())
			.isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
	}

	@Test
	void daylightSavingDaysLast23And25Hours() {
		// Europe/Berlin: clocks go forward on 2026-03-29 and back on 2026-10-25
		PeriodInstance spring = at("2026-03-29T12:00:00Z", "Europe/Berlin").current(Period.DAILY);
		PeriodInstance autumn = at("2026-10-25T12:00:00Z", "Europe/Berlin").current(Period.DAILY);

		assertThat(Duration.between(spring.start(), spring.end())).isEqualTo(Duration.ofHours(23));
		assertThat(spring.start()).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
		assertThat(Duration.between(autumn.start(), autumn.end())).isEqualTo(Duration.ofHours(25));
		assertThat(autumn.end()).isEqualTo(Instant.parse("2026-10-25T23:00:00Z"));
	}

	@Test
	void aMomentJustBeforeLocalMidnightBelongsToTheLocalDay() {
		// 2026-03-29T21:59:59Z is 23:59:59 in Berlin (UTC+2 after the change)
		assertThat(at("2026-03-29T21:59:59Z", "Europe/Berlin").current(Period.DAILY).startDate())
			.isEqualTo(LocalDate.parse("2026-03-29"));
		assertThat(at("2026-03-29T22:00:00Z", "Europe/Berlin").current(Period.DAILY).startDate())
			.isEqualTo(LocalDate.parse("2026-03-30"));
	}

	@Test
	void periodIdsAreLowercaseAndStrict() {
		assertThat(Period.fromId("weekly")).contains(Period.WEEKLY);
		assertThat(Period.fromId("Weekly")).isEmpty();
		assertThat(Period.fromId("hourly")).isEmpty();
	}

}
