package app.leaderboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Failed events: retried within a minute at first, then less and less often, for 24
 * hours.
 */
class RetryScheduleTests {

	static final Instant MADE = Instant.parse("2026-11-26T00:00:05Z");

	static final Instant DEADLINE = MADE.plus(RetrySchedule.DELIVER_FOR);

	@RepeatedTest(20)
	void theFirstRetryComesWithinAMinute() {
		Instant next = RetrySchedule.next(1, MADE, DEADLINE);

		assertThat(Duration.between(MADE, next)).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33));
	}

	@Test
	void delaysGrowUpToAnHour() {
		assertThat(RetrySchedule.delay(1)).isEqualTo(Duration.ofSeconds(30));
		assertThat(RetrySchedule.delay(2)).isEqualTo(Duration.ofSeconds(60));
		assertThat(RetrySchedule.delay(3)).isEqualTo(Duration.ofSeconds(120));
		assertThat(RetrySchedule.delay(8)).isEqualTo(Duration.ofHours(1));
		assertThat(RetrySchedule.delay(500)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void attemptsGoOnFor24HoursThenStop() {
		Instant now = MADE;
		int failures = 0;
		Instant next;
		while ((next = RetrySchedule.next(++failures, now, DEADLINE)) != null) {
			assertThat(next).isAfter(now).isBeforeOrEqualTo(DEADLINE);
			now = next;
		}
		assertThat(now).as("the last attempt is at the deadline").isEqualTo(DEADLINE);
		assertThat(failures).isBetween(25, 40);
	}

}
