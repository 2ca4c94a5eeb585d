package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;

import app.leaderboard.core.Period;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.sync.BoardLoader;
import app.leaderboard.sync.PreviousBoardWarmer;

/** Boards and ranks of past periods by date (docs/api.md, Past periods). */
class PastPeriodIntegrationTests extends ReadsTestBase {

	@Autowired
	PreviousBoardWarmer warmer;

	@Autowired
	BoardLoader loader;

	@Test
	void yesterdaysBoardAndRanksAreRedisReads() {
		this.clock.set("2026-11-24T09:00:00Z");
		this.api.update("alice", 3);
		this.api.update("bob", 5);
		this.clock.set("2026-11-25T10:15:00Z");
		this.api.update("alice", 1);

		Response board = fromBothSources(API + "/daily?date=2026-11-24", board(Period.DAILY, "2026-11-24"));
		Response rank = fromBothSources(API + "/user/alice/rank/daily?date=2026-11-24",
				board(Period.DAILY, "2026-11-24"));

		assertThat(entries(board)).containsExactly("1:bob:5", "2:alice:3");
		assertThat(board.body()).extractingPath("$.period_start").asString().isEqualTo("2026-11-24");
		assertThat(board.body()).extractingPath("$.resets_at").asString().isEqualTo("2026-11-25T00:00:00Z");
		assertThat(rank.text()).isEqualTo(
				"{\"user_id\":\"alice\",\"period\":\"daily\",\"rank\":2,\"score\":3,\"total\":2,\"top_percent\":100.0}");
	}

	@Test
	void aBoardThatJustEndedStaysInRedisForAWholePeriodAfterItsEnd() {
		this.clock.set("2026-11-24T09:00:00Z");
		this.api.update("alice", 3);
		String key = this.keys.board(board(Period.DAILY, "2026-11-24"));

		// the last second of the day after: still "yesterday's board"
		this.clock.set("2026-11-25T23:59:59Z");
		Response board = this.api.get(API + "/daily?date=2026-11-24");

		assertThat(board.source()).isEqualTo("redis");
		assertThat(this.raw.commands().pttl(key)).isGreaterThan(Duration.ofSeconds(1).toMillis());
		String month = this.keys.board(board(Period.MONTHLY, "2026-11-01"));
		// November's board lives through December
		assertThat(this.raw.commands().pttl(month))
			.isGreaterThan(Duration.between(this.clock.instant(), Instant.parse("2027-01-01T00:00:00Z")).toMillis());
	}

	@Test
	void thePreviousBoardsAreWarmedBeforeAnyoneAsks() {
		this.clock.set("2026-11-24T09:00:00Z");
		this.api.update("alice", 3);
		this.clock.set("2026-11-25T10:15:00Z");
		this.redis.deleteOwnKeys();

		this.warmer.warm();

		for (Period period : Period.values()) {
			assertThat(this.redis.boardLoaded(this.periods.previous(today(period)))).as(period.id()).isTrue();
		}
		assertThat(this.redis.boardMembers(board(Period.DAILY, "2026-11-24"))).hasValue(1);
	}

	@Test
	void olderBoardsComeFromPostgres() {
		this.clock.set("2026-11-10T09:00:00Z");
		this.api.update("carol", 2);
		this.api.update("dave", 2);
		this.api.update("alice", 7);
		this.clock.set("2026-11-25T10:15:00Z");
		// while the clock stood on the 10th, those boards were current and may have been
		// loaded; by now (two weeks on) their keys would have expired. A load asked for
		// back then and run now finds them no longer kept (BoardLoader); one already
		// building holds the board's lock: wait for it, then drop what it loaded
		for (Period period : List.of(Period.DAILY, Period.WEEKLY)) {
			String lock = this.keys.boardLock(board(period, "2026-11-10"));
			Optional<String> token = Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> this.locks.tryLock(lock, Duration.ofSeconds(60)), Optional::isPresent);
			this.raw.commands().del(this.keys.board(board(period, "2026-11-10")));
			this.locks.unlock(lock, token.get());
		}

		Response daily = this.api.get(API + "/daily?date=2026-11-10&limit=2&offset=1");
		Response weekly = this.api.get(API + "/weekly?date=2026-11-15");
		Response rank = this.api.get(API + "/user/dave/rank/weekly?date=2026-11-12");

		assertThat(daily.source()).isEqualTo("postgres");
		assertThat(entries(daily)).containsExactly("2:carol:2", "2:dave:2");
		assertThat(daily.body()).extractingPath("$.total").isEqualTo(3);
		assertThat(weekly.body()).extractingPath("$.period_start").asString().isEqualTo("2026-11-09");
		assertThat(weekly.body()).extractingPath("$.resets_at").asString().isEqualTo("2026-11-16T00:00:00Z");
		assertThat(entries(weekly)).containsExactly("1:alice:7", "2:carol:2", "2:dave:2");
		assertThat(rank.body()).extractingPath("$.rank").isEqualTo(2);
		assertThat(rank.body()).extractingPath("$.top_percent").isEqualTo(66.67);
		// older boards are not worth loading: they stay out of Redis
		assertThat(this.redis.boardLoaded(board(Period.DAILY, "2026-11-10"))).isFalse();
		assertThat(this.redis.boardLoaded(board(Period.WEEKLY, "2026-11-10"))).isFalse();
	}

	@Test
	void aLoadThatRunsAfterItsBoardStoppedBeingKeptLoadsNothing() {
		// asked for while the 10th was today, run on the 25th (a queued load, a
		// maintenance tick begun before midnight)
		this.loader.load(board(Period.DAILY, "2026-11-10")).join();
		this.loader.load(board(Period.DAILY, "2026-11-24")).join();

		assertThat(this.redis.boardLoaded(board(Period.DAILY, "2026-11-10"))).isFalse();
		assertThat(this.redis.boardLoaded(board(Period.DAILY, "2026-11-24"))).isTrue();
	}

	@Test
	void todaysDateIsTheCurrentBoardAndAnEmptyPeriodIsEmpty() {
		this.api.update("alice", 2);

		assertThat(this.api.get(API + "/daily?date=2026-11-25").text()).isEqualTo(this.api.get(API + "/daily").text());
		Response empty = this.api.get(API + "/monthly?date=2020-02-29");
		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.body()).extractingPath("$.period_start").asString().isEqualTo("2020-02-01");
		assertThat(empty.body()).extractingPath("$.total").isEqualTo(0);
		assertThat(empty.body()).extractingPath("$.entries").asArray().isEmpty();
		Response rank = this.api.get(API + "/user/alice/rank/yearly?date=2020-02-29");
		assertThat(rank.body()).extractingPath("$.rank").isNull();
		assertThat(rank.body()).extractingPath("$.top_percent").isNull();
	}

	@Test
	void aDailyBoardPastRetentionIs404() {
		this.api.update("alice", 2);

		// 400 days before 2026-11-25 is 2025-10-21: kept; the day before it is not
		assertThat(this.api.get(API + "/daily?date=2025-10-21").status()).isEqualTo(200);
		assertProblem(this.api.get(API + "/daily?date=2025-10-20"), 404, "400 days");
		assertProblem(this.api.get(API + "/user/alice/rank/daily?date=2025-10-20"), 404, "2025-10-20");
		assertProblem(this.api.get(API + "/user/alice/around/daily?date=2025-01-01"), 404, "2025-01-01");
		assertProblem(this.api.get(API + "/daily/users?ids=alice&date=2025-10-20"), 404, "2025-10-21");
		// weekly, monthly and yearly totals are kept
		assertThat(this.api.get(API + "/weekly?date=2025-10-20").status()).isEqualTo(200);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/daily?date=2026-11-26", "/daily?date=2030-01-01", "/daily?date=2026-02-30",
			"/daily?date=2026-11-5", "/daily?date=25-11-2026", "/daily?date=yesterday", "/daily?date=",
			"/daily?date=2026-11-25T00:00", "/daily?date=%2B2026-11-25", "/hourly?date=2026-11-24",
			"/user/alice/rank/daily?date=2026-11-26", "/user/alice/rank/daily?date=x",
			"/user/alice/rank/hourly?date=2026-11-24" })
	void badDatesAre400(String path) {
		this.api.update("alice", 2);

		Response response = this.api.get(API + path);

		assertThat(response.status()).as(response.text()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).extractingPath("$.detail").asString().containsAnyOf("date", "period");
	}

	@Test
	void aFutureDateSaysWhichDayIsToday() {
		assertProblem(this.api.get(API + "/weekly?date=2026-11-26"), 400, "today is 2026-11-25 in UTC");
		assertProblem(this.api.get(API + "/weekly?date=2026-02-30"), 400, "2026-02-30 is not a real day");
	}

}
