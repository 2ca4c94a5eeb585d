package app.leaderboard.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.sync.BoardLoader;

/**
 * A move reaches every board Redis serves, not only the current ones: right after the
 * update's 200, the boards that just ended (yesterday's, last week's, last month's, last
 * year's; docs/api.md, "Past periods") list the user in the new scope with their total of
 * that period, and no longer in the old one, as PostgreSQL does (membership is today's
 * for past periods).
 */
class MoveOnEndedBoardsIntegrationTests extends IntegrationTestBase {

	private static final String API = "/api/redis-leaderboard/";

	@Autowired
	private Periods periods;

	@Autowired
	private BoardLoader loader;

	@Test
	void aMoverIsOnTheNewScopesEndedBoardsWithThoseTotalsAndOffTheOldOnesRightAfterThe200() {
		// today is Monday 2027-01-04: yesterday ends last week; December and 2026 just
		// ended
		this.clock.set("2026-12-15T12:00:00Z");
		update("alice", 5, "eu");
		update("bob", 1, "us");
		this.clock.set("2027-01-03T12:00:00Z");
		update("alice", 3, null);
		update("bob", 1, null);
		this.clock.set("2027-01-04T10:00:00Z");
		// the ended boards of both regions are in Redis, as readers asking for them left
		// them
		for (Period period : Period.values()) {
			PeriodInstance ended = this.periods.previous(this.periods.current(period));
			for (Scope region : List.of(Scope.region("eu"), Scope.region("us"))) {
				assertThat(this.loader.awaitLoaded(ended.in(region), Duration.ofSeconds(10))).isTrue();
			}
		}
		assertThat(scores("daily", "2027-01-03", "eu")).isEqualTo(Map.of("alice", 3L));

		assertThat(update("alice", 2, "us").status()).isEqualTo(200);

		Map<Period, Long> endedTotals = Map.of(Period.DAILY, 3L, Period.WEEKLY, 3L, Period.MONTHLY, 5L, Period.YEARLY,
				5L);
		for (Period period : Period.values()) {
			String date = this.periods.previous(this.periods.current(period)).startDate().toString();
			assertThat(scores(period.id(), date, "eu")).as("%s %s in eu", period.id(), date).isEmpty();
			assertThat(scores(period.id(), date, "us")).as("%s %s in us", period.id(), date)
				.isEqualTo(Map.of("alice", endedTotals.get(period), "bob", 1L));
		}
		// and the current boards, as before
		assertThat(scores("daily", "2027-01-04", "us")).isEqualTo(Map.of("alice", 2L));
		assertThat(scores("monthly", "2027-01-04", "us")).isEqualTo(Map.of("alice", 5L, "bob", 1L));
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(10));
	}

	private Response update(String userId, int count, String region) {
		String scope = (region != null) ? ",\"region\":\"" + region + "\"" : "";
		return this.api.post(API + "update", "{\"user_id\":\"" + userId + "\",\"count\":" + count + scope + "}");
	}

	/** A region's board of the period that contains the date, read from Redis. */
	private Map<String, Long> scores(String period, String date, String region) {
		Response board = this.api.get(API + period + "?date=" + date + "&region=" + region);
		assertThat(board.status()).as(board.text()).isEqualTo(200);
		assertThat(board.source()).as("%s %s in %s", period, date, region).isEqualTo("redis");
		Map<String, Long> scores = new TreeMap<>();
		board.json()
			.get("entries")
			.forEach((e) -> scores.put(e.get("user_id").stringValue(), e.get("score").longValue()));
		return scores;
	}

}
