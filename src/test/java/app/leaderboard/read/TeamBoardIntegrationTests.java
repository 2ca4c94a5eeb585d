package app.leaderboard.read;

import static app.leaderboard.support.TeamListing.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.MutableClock;
import app.leaderboard.support.TeamListing;
import app.leaderboard.support.TestApi.Response;

/** The team listings of regions and organisations (docs/api.md, "Team boards"). */
class TeamBoardIntegrationTests extends IntegrationTestBase {

	private static final String API = "/api/redis-leaderboard/";

	private void update(String user, int count, String region, String org) {
		TeamListing.update(this.api, user, count, region, org);
	}

	/**
	 * The listing's entries, served from Redis. A team's board that Redis has not loaded
	 * yet (a scope first named a moment ago) is answered from PostgreSQL meanwhile: that
	 * answer must be the same.
	 */
	private List<String> teams(String path) {
		Response response = this.api.get(API + path);
		assertThat(response.status()).as(path).isEqualTo(200);
		if ("postgres".equals(response.source())) {
			Response first = response;
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> "redis".equals(this.api.get(API + path).source()));
			response = this.api.get(API + path);
			assertThat(response.text()).as(path).isEqualTo(first.text());
		}
		assertThat(response.source()).as(path).isEqualTo("redis");
		if (!path.contains("limit=") && !path.contains("offset=")) {
			assertThat(response.body()).extractingPath("$.total").as(path).isEqualTo(lines(response).size());
		}
		return lines(response);
	}

	private Response admin(String path) {
		Response response = this.api.post(API + "admin/users/" + path, null, admin());
		assertThat(response.status()).as(path).isEqualTo(200);
		return response;
	}

	@Test
	void sumsAndMembersPerRegionAndOrganisationForEachPeriodAndAPastDay() {
		this.clock.set("2026-11-20T12:00:00Z");
		update("frank", 7, "eu", "beta");
		this.clock.set("2026-11-24T12:00:00Z");
		update("alice", 3, "eu", "acme");
		update("bob", 2, "eu", null);
		update("carol", 4, "us", "acme");
		this.clock.set(MutableClock.DEFAULT);
		update("alice", 1, null, null);
		update("dave", 5, "us", "beta");
		this.api.update("erin", 2);

		assertThat(teams("daily/regions")).containsExactly("1.us=5/1", "2.eu=1/1");
		assertThat(teams("daily/orgs")).containsExactly("1.beta=5/1", "2.acme=1/1");
		assertThat(teams("daily/regions?date=2026-11-24")).containsExactly("1.eu=5/2", "2.us=4/1");
		assertThat(teams("daily/orgs?date=2026-11-24")).containsExactly("1.acme=7/2");
		assertThat(teams("weekly/regions")).containsExactly("1.us=9/2", "2.eu=6/2");
		assertThat(teams("weekly/orgs")).containsExactly("1.acme=8/2", "2.beta=5/1");
		assertThat(teams("weekly/regions?date=2026-11-20")).containsExactly("1.eu=7/1");
		assertThat(teams("monthly/regions")).containsExactly("1.eu=13/3", "2.us=9/2");
		assertThat(teams("yearly/orgs")).containsExactly("1.beta=12/2", "2.acme=8/2");
		assertThat(teams("monthly/regions?date=2026-10-31")).isEmpty();

		Response body = this.api.get(API + "weekly/regions");
		assertThat(body.body()).extractingPath("$.period").isEqualTo("weekly");
		assertThat(body.body()).extractingPath("$.period_start").isEqualTo("2026-11-23");
		assertThat(body.body()).extractingPath("$.resets_at").isEqualTo("2026-11-30T00:00:00Z");
		assertThat(body.body()).extractingPath("$.entries[0]")
			.isEqualTo(Map.of("rank", 1, "region", "us", "score", 9, "members", 2));
		assertThat(this.api.get(API + "weekly/orgs").body()).extractingPath("$.entries[1]")
			.isEqualTo(Map.of("rank", 2, "org", "beta", "score", 5, "members", 1));

		// an instance older than the previous one comes from PostgreSQL, the same figures
		Response old = this.api.get(API + "daily/regions?date=2026-11-20");
		assertThat(old.source()).isEqualTo("postgres");
		assertThat(lines(old)).containsExactly("1.eu=7/1");
		assertThat(old.body()).extractingPath("$.period_start").isEqualTo("2026-11-20");
	}

	@Test
	void tiesShareARankAreListedByNameAndPagesKeepTheRanks() {
		update("u1", 5, "delta", null);
		update("u2", 5, "alpha", null);
		update("u3", 3, "charlie", null);
		update("u4", 2, "bravo", null);
		update("u5", 3, "bravo", null);
		update("u6", 1, "echo", null);
		update("u7", 1, "echo", null);
		update("u8", 7, "zulu", null);

		assertThat(teams("daily/regions")).containsExactly("1.zulu=7/1", "2.alpha=5/1", "2.bravo=5/2", "2.delta=5/1",
				"5.charlie=3/1", "6.echo=2/2");
		assertThat(teams("daily/regions?limit=2&offset=2")).containsExactly("2.bravo=5/2", "2.delta=5/1");
		assertThat(teams("daily/regions?limit=3&offset=3")).containsExactly("2.delta=5/1", "5.charlie=3/1",
				"6.echo=2/2");
		assertThat(teams("daily/regions?offset=6")).isEmpty();
		assertThat(this.api.get(API + "daily/regions?offset=6").body()).extractingPath("$.total").isEqualTo(6);
		assertThat(teams("daily/regions?limit=1")).containsExactly("1.zulu=7/1");
	}

	@Test
	void aMoveTakesTheTotalsOfEveryInstanceToTheNewTeamAtOnce() {
		this.clock.set("2026-11-24T12:00:00Z");
		update("alice", 3, "eu", "acme");
		this.clock.set(MutableClock.DEFAULT);
		update("alice", 1, null, null);
		update("bob", 2, "eu", "acme");
		assertThat(teams("daily/regions?date=2026-11-24")).containsExactly("1.eu=3/1");

		update("alice", 1, "us", "beta");

		assertThat(teams("daily/regions?date=2026-11-24")).containsExactly("1.us=3/1");
		assertThat(teams("daily/orgs?date=2026-11-24")).containsExactly("1.beta=3/1");
		assertThat(teams("daily/regions")).containsExactly("1.eu=2/1", "1.us=2/1");
		assertThat(teams("weekly/regions")).containsExactly("1.us=5/1", "2.eu=2/1");
		assertThat(teams("weekly/orgs")).containsExactly("1.beta=5/1", "2.acme=2/1");
		assertThat(teams("monthly/regions?date=2026-10-01")).isEmpty();

		// bob leaves: eu has nobody left and is not listed
		update("bob", 1, "us", null);
		assertThat(teams("weekly/regions")).containsExactly("1.us=8/2");
		assertThat(teams("weekly/orgs")).containsExactly("1.beta=5/1", "2.acme=3/1");
	}

	@Test
	void hiddenUsersAreLeftOutAndComeBackOnUnhide() {
		update("alice", 3, "eu", "acme");
		update("bob", 2, "eu", "acme");
		update("carol", 4, "us", null);
		assertThat(teams("weekly/regions")).containsExactly("1.eu=5/2", "2.us=4/1");

		admin("alice/hide");
		assertThat(teams("weekly/regions")).containsExactly("1.us=4/1", "2.eu=2/1");
		assertThat(teams("weekly/orgs")).containsExactly("1.acme=2/1");
		admin("carol/hide");
		assertThat(teams("daily/regions")).containsExactly("1.eu=2/1");
		// a hidden user keeps recording, and comes back with every total
		update("alice", 2, null, null);
		assertThat(teams("weekly/regions")).containsExactly("1.eu=2/1");

		admin("alice/unhide");
		admin("carol/unhide");
		assertThat(teams("weekly/regions")).containsExactly("1.eu=7/2", "2.us=4/1");
		assertThat(teams("yearly/orgs")).containsExactly("1.acme=7/2");
	}

	@Test
	void anErasedUserLeavesEveryTeamOfEveryInstance() {
		this.clock.set("2026-11-24T12:00:00Z");
		update("alice", 3, "eu", "acme");
		this.clock.set(MutableClock.DEFAULT);
		update("alice", 1, null, null);
		update("bob", 2, "eu", null);
		assertThat(teams("daily/regions?date=2026-11-24")).containsExactly("1.eu=3/1");

		assertThat(this.api.delete(API + "admin/users/alice", admin()).status()).isEqualTo(200);

		assertThat(teams("daily/regions?date=2026-11-24")).isEmpty();
		assertThat(teams("weekly/regions")).containsExactly("1.eu=2/1");
		assertThat(teams("weekly/orgs")).isEmpty();
		// the same id recorded anew starts from zero
		update("alice", 1, "eu", "acme");
		assertThat(teams("weekly/regions")).containsExactly("1.eu=3/2");
		assertThat(teams("yearly/orgs")).containsExactly("1.acme=1/1");
	}

	@Test
	void aResetEmptiesThatPeriodsTeamsOnly() {
		update("alice", 3, "eu", "acme");
		update("bob", 2, "us", null);
		assertThat(teams("daily/regions")).containsExactly("1.eu=3/1", "2.us=2/1");

		assertThat(this.api.post(API + "admin/reset/daily", null, admin()).status()).isEqualTo(200);

		assertThat(teams("daily/regions")).isEmpty();
		assertThat(teams("daily/orgs")).isEmpty();
		assertThat(teams("weekly/regions")).containsExactly("1.eu=3/1", "2.us=2/1");
		update("bob", 1, null, null);
		assertThat(teams("daily/regions")).containsExactly("1.us=1/1");
	}

	@Test
	void badParametersAre400ProblemsAndAUserNamedLikeTheListingKeepsTheirStats() {
		for (String path : List.of("daily/regions?limit=0", "daily/regions?limit=1001", "daily/orgs?offset=-1",
				"daily/regions?limit=x", "hourly/regions", "daily/orgs?date=2026-11-26",
				"weekly/regions?date=25.11.2026", "daily/regions?date=2026-02-30")) {
			Response response = this.api.get(API + path);
			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.contentType()).as(path).startsWith("application/problem+json");
			assertThat(response.body()).extractingPath("$.status").as(path).isEqualTo(400);
		}
		this.api.update("regions", 2);
		this.api.update("orgs", 1);
		assertThat(this.api.get(API + "user/regions").body()).extractingPath("$.daily_pomo").isEqualTo(2);
		assertThat(this.api.get(API + "user/orgs").body()).extractingPath("$.daily_pomo").isEqualTo(1);
		Response none = this.api.get(API + "daily/regions");
		assertThat(none.body()).extractingPath("$.total").isEqualTo(0);
		assertThat(none.body()).extractingPath("$.entries").asList().isEmpty();
	}

}
