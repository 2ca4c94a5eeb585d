package app.leaderboard.store.redis.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.ScoreLimits;

/**
 * The score encoding, without Redis: totals round-trip and ties order by who came first.
 */
class BoardScoreTests {

	private static final Periods PERIODS = new Periods(
			Clock.fixed(Instant.parse("2026-11-25T10:15:00Z"), ZoneOffset.UTC), ZoneOffset.UTC);

	private static final PeriodInstance YEAR = PERIODS.current(Period.YEARLY);

	private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");

	@Test
	void theTotalComesBackExactlyUpToTheLargestABoardHolds() {
		for (long total : new long[] { 0, 1, 2, 999, 1_000_000, ScoreLimits.MAX_TOTAL - 1, ScoreLimits.MAX_TOTAL }) {
			double score = BoardScore.encode(total, NOON, YEAR);
			assertThat(BoardScore.total(score)).as("total %d", total).isEqualTo(total);
			assertThat(score).as("exact as a double").isEqualTo((double) (long) score);
			assertThat(Math.abs(score)).isLessThan(Math.pow(2, 53));
		}
	}

	@Test
	void aHigherTotalSortsFirstWhateverWhenItWasReached() {
		double higherLate = BoardScore.encode(6, YEAR.end().minusSeconds(1), YEAR);
		double lowerEarly = BoardScore.encode(5, YEAR.start(), YEAR);

		assertThat(higherLate).isLessThan(lowerEarly);
	}

	@Test
	void forEqualTotalsWhoeverReachedItFirstSortsFirst() {
		double first = BoardScore.encode(5, NOON, YEAR);
		double second = BoardScore.encode(5, NOON.plus(Duration.ofSeconds(1)), YEAR);

		assertThat(first).isLessThan(second);
		assertThat(BoardScore.total(first)).isEqualTo(BoardScore.total(second)).isEqualTo(5);
	}

	@Test
	void theSameSecondGivesTheSameScoreSoRedisOrdersByUserId() {
		assertThat(BoardScore.encode(5, NOON, YEAR)).isEqualTo(BoardScore.encode(5, NOON.plusMillis(999), YEAR));
	}

	@Test
	void realMembersSortBeforeTheLoadedMarker() {
		assertThat(BoardScore.encode(0, YEAR.end(), YEAR)).isLessThan(BoardScore.LOADED_SCORE);
		assertThat(BoardScore.encode(ScoreLimits.MAX_TOTAL, YEAR.start(), YEAR)).isLessThan(BoardScore.LOADED_SCORE);
	}

	@Test
	void aMomentOutsideThePeriodIsClampedIntoTheTieBreak() {
		double before = BoardScore.encode(3, YEAR.start().minus(Duration.ofDays(400)), YEAR);
		double after = BoardScore.encode(3, YEAR.end().plus(Duration.ofDays(1)), YEAR);

		assertThat(BoardScore.total(before)).isEqualTo(3);
		assertThat(BoardScore.total(after)).isEqualTo(3);
		assertThat(before).isLessThan(after);
	}

}
