package app.leaderboard.league;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.support.TestApi.Response;

import static app.leaderboard.league.LeagueTestSupport.API;
import static app.leaderboard.league.LeagueTestSupport.entries;
import static app.leaderboard.league.LeagueTestSupport.group;
import static app.leaderboard.league.LeagueTestSupport.update;
import static app.leaderboard.league.LeagueTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The league check repairs what a lost drop leaves behind: a join, hide or erasure whose
 * drop of the cached listing never reached Redis ({@link LostDropTestBase.LosingLeagues},
 * as when Redis failed or the instance died between PostgreSQL's commit and the answer)
 * is repaired by the next check, run here by hand (the interval is an hour, so no
 * scheduled one runs in between): the listing is stale before it, right after it.
 */
@TestPropertySource(properties = { "leaderboard.key-prefix=lbcheck:", "leaderboard.league.size=3",
		"leaderboard.league.tiers=bronze,silver,gold", "leaderboard.league.promote=1", "leaderboard.league.demote=1",
		"leaderboard.drift-interval=1h" })
@Import(LostDropTestBase.Losing.class)
class LeagueCheckIntegrationTests extends LostDropTestBase {

	@Test
	void aHideWhoseDropWasLostIsRepairedByTheNextCheck() {
		cachedGroupOfThree();
		this.leagues.lose = true;
		assertThat(this.api.post(API + "/admin/users/b/hide", null, admin()).status()).isEqualTo(200);
		// the drop was lost: the cached listing still shows b (at 0: off the board)
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:c:1", "3:b:0");

		assertThat(this.check.check()).isEqualTo(1);

		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:c:1");
	}

	@Test
	void anErasureWhoseDropWasLostIsRepairedByTheNextCheck() {
		cachedGroupOfThree();
		this.leagues.lose = true;
		assertThat(this.api.delete(API + "/admin/users/a", admin()).status()).isEqualTo(200);
		assertThat(entries(group(this.api, "bronze", 1))).hasSize(3);

		this.check.check();

		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:b:3", "2:c:1");
	}

	@Test
	void aJoinWhoseDropWasLostIsRepairedByTheNextCheck() {
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		this.check.check();
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:b:3");
		this.leagues.lose = true;
		update(this.api, "c", 4);
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:b:3");

		this.check.check();

		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:c:4", "3:b:3");
	}

	@Test
	void aChangeOnlyDropsItsOwnGroupAndOnlyOnce() {
		for (String userId : List.of("a", "b", "c", "d", "e", "f")) {
			update(this.api, userId, 1);
		}
		this.check.margin(Duration.ZERO);
		this.check.check();
		entries(group(this.api, "bronze", 1));
		entries(group(this.api, "bronze", 2));
		this.leagues.lose = true;
		assertThat(this.api.post(API + "/admin/users/e/hide", null, admin()).status()).isEqualTo(200);

		// bronze 2 only; and a later check finds nothing new
		assertThat(this.check.check()).isEqualTo(1);
		assertThat(this.check.check()).isZero();
		assertThat(exists(this.keys.leagueGroup(season(), 0, 1))).isTrue();
	}

	@Test
	void aLostMarkMakesTheCheckLookAtEveryGroupOfTheSeason() throws Exception {
		cachedGroupOfThree();
		this.check.margin(Duration.ZERO);
		// a change PostgreSQL marked long before the last check, and whose drop was lost
		this.jdbc.update("update users set hidden = true where user_id = 'b'");
		this.jdbc.update("update league_groups set changed_at = clock_timestamp() - interval '1 day'");
		assertThat(this.check.check()).isZero();
		assertThat(entries(group(this.api, "bronze", 1))).hasSize(3);

		// the mark is lost with the keys of its slot (a failover to a replica behind)
		this.connector.interactive().del(this.keys.leagueChecked(season())).get();

		assertThat(this.check.check()).isEqualTo(1);
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:a:5", "2:c:1");
	}

	@Test
	void aUserWhoseCachedGroupNoLongerListsThemIsLookedUpAgain() {
		cachedGroupOfThree();
		assertThat(user(this.api, "a").status()).isEqualTo(200);
		for (String userId : List.of("d", "e", "f")) {
			update(this.api, userId, 1);
		}
		// a erased and recorded anew: a joins bronze 3; their old lookup says bronze 1
		this.leagues.lose = true;
		assertThat(this.api.delete(API + "/admin/users/a", admin()).status()).isEqualTo(200);
		this.leagues.lose = false;
		update(this.api, "a", 2);
		this.check.check();

		Response response = user(this.api, "a");
		assertThat(response.source()).isEqualTo("redis");
		assertThat(response.text()).contains("\"group\":3");
	}

	/** a 5, b 3, c 1 in bronze 1, its listing cached. */
	private void cachedGroupOfThree() {
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		update(this.api, "c", 1);
		// the joins' own changes are behind the check from here on
		this.check.check();
		Response response = group(this.api, "bronze", 1);
		assertThat(entries(response)).containsExactly("1:a:5", "2:b:3", "3:c:1");
		assertThat(response.source()).isEqualTo("redis");
		assertThat(exists(this.keys.leagueGroup(season(), 0, 1))).isTrue();
	}

	private PeriodInstance season() {
		return this.periods.current(Period.WEEKLY);
	}

	private boolean exists(String key) {
		try {
			return this.connector.interactive().exists(key).get() > 0;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
