package app.leaderboard.league;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.core.Period;
import app.leaderboard.support.TestApi.Response;

import static app.leaderboard.league.LeagueTestSupport.API;
import static app.leaderboard.league.LeagueTestSupport.entries;
import static app.leaderboard.league.LeagueTestSupport.group;
import static app.leaderboard.league.LeagueTestSupport.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cached league listings with a drift interval of a second and the league check on its
 * schedule: a listing outlives many intervals and keeps serving reads from Redis, and a
 * hide whose drop was lost is repaired by the scheduled check within about an interval.
 */
@TestPropertySource(properties = { "leaderboard.key-prefix=lblife:", "leaderboard.league.size=3",
		"leaderboard.league.tiers=bronze,silver,gold", "leaderboard.league.promote=1", "leaderboard.league.demote=1",
		"leaderboard.drift-interval=1s" })
@Import(LostDropTestBase.Losing.class)
class LeagueListingLifetimeIntegrationTests extends LostDropTestBase {

	@Test
	void aListingOutlivesManyDriftIntervalsAndServesReadsFromRedis() throws Exception {
		this.check.margin(Duration.ofMillis(100));
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		update(this.api, "c", 1);
		// the scheduled checks are past the joins
		Thread.sleep(2_500);
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:b:3", "3:c:1");
		String key = this.keys.leagueGroup(this.periods.current(Period.WEEKLY), 0, 1);
		// until a week after the season's end (the test clock is in its middle)
		assertThat(this.connector.interactive().pttl(key).get()).isGreaterThan(Duration.ofDays(7).toMillis());

		Thread.sleep(3_000);
		// c taken out behind the service's back: a read served by the cached listing
		// still shows them, one built from PostgreSQL would not
		this.jdbc.update("delete from league_members where user_id = 'c'");
		Response response = group(this.api, "bronze", 1);
		assertThat(response.source()).isEqualTo("redis");
		assertThat(entries(response)).containsExactly("1:a:5", "2:b:3", "3:c:1");
	}

	@Test
	void aHideWhoseDropWasLostIsRepairedByTheScheduledCheck() {
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		update(this.api, "c", 1);
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:b:3", "3:c:1");
		this.leagues.lose = true;
		assertThat(this.api.post(API + "/admin/users/b/hide", null, admin()).status()).isEqualTo(200);

		Awaitility.await()
			.atMost(Duration.ofSeconds(4))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:c:1"));
	}

}
