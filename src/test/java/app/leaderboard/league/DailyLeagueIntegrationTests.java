package app.leaderboard.league;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.sync.DailyRetention;

import static app.leaderboard.league.LeagueTestSupport.update;
import static app.leaderboard.league.LeagueTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Daily seasons, and retention: a day's totals deleted by retention before anything
 * needed that season's results leave the results as they were at its end.
 */
@TestPropertySource(properties = { "leaderboard.league.period=daily", "leaderboard.league.size=3",
		"leaderboard.league.tiers=bronze,silver,gold", "leaderboard.league.promote=1", "leaderboard.league.demote=1",
		"leaderboard.daily-retention-days=2" })
class DailyLeagueIntegrationTests extends IntegrationTestBase {

	@Autowired
	DailyRetention retention;

	@Test
	void resultsAreFixedBeforeRetentionDeletesTheSeasonsTotals() {
		this.clock.set("2026-11-20T10:00:00Z");
		update(this.api, "a", 1);
		update(this.api, "b", 5);
		Response running = user(this.api, "a");
		assertThat(running.body()).extractingPath("$.period").isEqualTo("daily");
		assertThat(running.body()).extractingPath("$.ends_at").isEqualTo("2026-11-21T00:00:00Z");

		// five days on, with retention 2: the 20th's totals go, nothing read them before
		this.clock.set("2026-11-25T10:15:00Z");
		assertThat(this.retention.purge()).isPositive();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from period_totals where period = 'daily' and period_start = '2026-11-20'",
				Integer.class))
			.isZero();
		update(this.api, "a", 1);
		update(this.api, "b", 1);

		// had the results been worked out now, both would be at 0 and b would have stayed
		assertThat(user(this.api, "b").body()).extractingPath("$.tier").isEqualTo("silver");
		assertThat(user(this.api, "a").body()).extractingPath("$.tier").isEqualTo("bronze");
		// the 20th's board is past retention: its season reads as gone, like the board
		assertThat(user(this.api, "a", "2026-11-20").status()).isEqualTo(404);
	}

}
