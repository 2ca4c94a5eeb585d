package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;
import app.leaderboard.support.TestApi.Response;

/**
 * Around a user and a friends list on a region's or an organisation's board, and hidden
 * users left out of both (docs/api.md). Each read is answered from Redis and then from
 * PostgreSQL with the same body.
 */
class ScopedStandingsIntegrationTests extends ReadsTestBase {

	private void update(String user, int count, String region, String org) {
		StringBuilder body = new StringBuilder("{\"user_id\":\"" + user + "\",\"count\":" + count);
		if (region != null) {
			body.append(",\"region\":\"").append(region).append('"');
		}
		if (org != null) {
			body.append(",\"org\":\"").append(org).append('"');
		}
		assertThat(this.api.post(API + "/update", body.append('}').toString()).status()).isEqualTo(200);
	}

	/**
	 * Today's daily board: bob 12 (us, acme); alice 9 and carol 9 (eu; alice in acme,
	 * first); dave 7 (eu, acme); erin 5 (no scope) and frank 5 (eu); hal 1 (eu). The eu
	 * board ranks alice, carol, dave, frank, hal 1, 1, 3, 4, 5; acme ranks bob, alice,
	 * dave 1, 2, 3.
	 */
	private void seed() {
		update("bob", 12, "us", "acme");
		update("alice", 9, "eu", "acme");
		this.clock.advance(Duration.ofSeconds(5));
		update("carol", 9, "eu", null);
		update("dave", 7, "eu", "acme");
		this.clock.advance(Duration.ofSeconds(5));
		update("erin", 5, null, null);
		this.clock.advance(Duration.ofSeconds(5));
		update("frank", 5, "eu", null);
		update("hal", 1, "eu", null);
	}

	private PeriodInstance today(Scope scope) {
		return today(Period.DAILY).in(scope);
	}

	private void hide(String user) {
		assertThat(this.api.post(API + "/admin/users/" + user + "/hide", null, "Authorization", "Bearer " + ADMIN_TOKEN)
			.status()).isEqualTo(200);
	}

	@Test
	void aroundAUserOnARegionsBoardRanksInsideTheRegion() {
		seed();

		Response carol = fromBothSources(API + "/user/carol/around/daily?radius=1&region=eu",
				today(Scope.region("eu")));

		assertThat(entries(carol)).containsExactly("1:alice:9", "1:carol:9", "3:dave:7");
		assertThat(carol.body()).extractingPath("$.rank").isEqualTo(1);
		assertThat(carol.body()).extractingPath("$.total").isEqualTo(5);
		assertThat(carol.body()).extractingPath("$.top_percent").isEqualTo(20.0);
		assertThat(carol.body()).doesNotHavePath("$.hidden");
		// a known user of another region: no rank and no window there
		Response bob = fromBothSources(API + "/user/bob/around/daily?region=eu", today(Scope.region("eu")));
		assertThat(bob.body()).extractingPath("$.rank").isNull();
		assertThat(bob.body()).extractingPath("$.score").isEqualTo(0);
		assertThat(bob.body()).extractingPath("$.entries").asArray().isEmpty();
		Response acme = fromBothSources(API + "/user/dave/around/daily?radius=5&org=acme", today(Scope.org("acme")));
		assertThat(entries(acme)).containsExactly("1:bob:12", "2:alice:9", "3:dave:7");
		assertThat(this.api.get(API + "/user/nobody/around/daily?region=eu").status()).isEqualTo(404);
		assertThat(this.api.get(API + "/user/carol/around/daily?region=eu&org=acme").status()).isEqualTo(400);
	}

	@Test
	void aFriendsListOnAnOrganisationsBoardRanksInsideTheOrganisationAndLeavesOutsidersOut() {
		// ivy is in eu but scored only yesterday
		this.clock.set(this.clock.instant().minus(Duration.ofDays(1)));
		update("ivy", 4, "eu", null);
		this.clock.set(this.clock.instant().plus(Duration.ofDays(1)));
		seed();

		Response friends = fromBothSources(API + "/daily/users?ids=dave,carol,bob,alice,nobody&org=acme",
				today(Scope.org("acme")));

		// carol is known but not in acme: not on its board, so not listed (she scored 9
		// today: "score 0" there would be wrong)
		assertThat(entries(friends)).containsExactly("1:bob:12", "2:alice:9", "3:dave:7");
		// in eu: ivy is on its board without a score today; erin (no region) and bob (us)
		// are not
		Response eu = fromBothSources(API + "/daily/users?ids=hal,ivy,frank,erin,bob&region=eu",
				today(Scope.region("eu")));
		assertThat(entries(eu)).containsExactly("4:frank:5", "5:hal:1", "null:ivy:0");
		// the global board lists every known user
		Response all = fromBothSources(API + "/daily/users?ids=ivy,erin,carol", today(Period.DAILY));
		assertThat(entries(all)).containsExactly("2:carol:9", "5:erin:5", "null:ivy:0");
		assertThat(this.api.get(API + "/daily/users?ids=bob&region=e%20u").status()).isEqualTo(400);
	}

	@Test
	void aHiddenUserIsInNoWindowAndOnNoFriendsListAndTheirOwnWindowSaysHidden() {
		seed();
		hide("dave");

		for (String scope : new String[] { "", "&region=eu", "&org=acme" }) {
			Response own = this.api.get(API + "/user/dave/around/daily?radius=5" + scope);
			assertThat(own.status()).as(scope).isEqualTo(200);
			assertThat(own.body()).as(scope).extractingPath("$.hidden").isEqualTo(true);
			assertThat(own.body()).as(scope).extractingPath("$.rank").isNull();
			assertThat(own.body()).as(scope).extractingPath("$.top_percent").isNull();
			assertThat(own.body()).as(scope).extractingPath("$.score").isEqualTo(7);
			assertThat(own.body()).as(scope).extractingPath("$.entries").asArray().isEmpty();
		}
		Response own = fromBothSources(API + "/user/dave/around/daily?region=eu", today(Scope.region("eu")));
		assertThat(own.body()).extractingPath("$.total").isEqualTo(4);

		// everyone else closes the gap
		Response carol = fromBothSources(API + "/user/carol/around/daily?radius=2&region=eu",
				today(Scope.region("eu")));
		assertThat(entries(carol)).containsExactly("1:alice:9", "1:carol:9", "3:frank:5", "4:hal:1");
		Response global = fromBothSources(API + "/user/alice/around/daily?radius=3", today(Period.DAILY));
		assertThat(entries(global)).containsExactly("1:bob:12", "2:alice:9", "2:carol:9", "4:erin:5", "4:frank:5");
		Response friends = fromBothSources(API + "/daily/users?ids=dave,alice,hal", today(Period.DAILY));
		assertThat(entries(friends)).containsExactly("2:alice:9", "6:hal:1");
		Response acme = fromBothSources(API + "/daily/users?ids=dave,bob&org=acme", today(Scope.org("acme")));
		assertThat(entries(acme)).containsExactly("1:bob:12");

		// unhidden, dave is back in the windows and lists with his totals
		assertThat(this.api.post(API + "/admin/users/dave/unhide", null, "Authorization", "Bearer " + ADMIN_TOKEN)
			.status()).isEqualTo(200);
		assertThat(entries(fromBothSources(API + "/daily/users?ids=dave,bob&org=acme", today(Scope.org("acme")))))
			.containsExactly("1:bob:12", "3:dave:7");
	}

}
