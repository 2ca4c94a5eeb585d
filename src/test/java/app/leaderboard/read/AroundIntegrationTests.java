package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.leaderboard.core.Period;
import app.leaderboard.support.TestApi.Response;

/** The board positions around a user, with competition ranks (docs/api.md). */
class AroundIntegrationTests extends ReadsTestBase {

	private Response around(String user, int radius) {
		return fromBothSources(API + "/user/" + user + "/around/daily?radius=" + radius, today(Period.DAILY));
	}

	@Test
	void aWindowInTheMiddleCarriesTheUsersStanding() {
		seedTies();

		Response response = around("carol", 1);

		assertThat(entries(response)).containsExactly("2:alice:9", "2:carol:9", "4:dave:7");
		assertThat(response.body()).extractingPath("$.user_id").asString().isEqualTo("carol");
		assertThat(response.body()).extractingPath("$.period").asString().isEqualTo("daily");
		assertThat(response.body()).extractingPath("$.period_start").asString().isEqualTo("2026-11-25");
		assertThat(response.body()).extractingPath("$.rank").isEqualTo(2);
		assertThat(response.body()).extractingPath("$.score").isEqualTo(9);
		assertThat(response.body()).extractingPath("$.total").isEqualTo(8);
		assertThat(response.body()).extractingPath("$.top_percent").isEqualTo(25.0);
	}

	@Test
	void aWindowStartingInsideATieRanksItsFirstEntryByTheUsersAboveIt() {
		seedTies();

		// carol is second in the tie at 9: rank 2, not 3, though alice is outside the
		// window
		assertThat(entries(around("erin", 2))).containsExactly("2:carol:9", "4:dave:7", "5:erin:5", "5:frank:5",
				"5:gina:5");
		// frank is in the middle of the tie at 5; the next entry skips to 8
		assertThat(entries(around("gina", 1))).containsExactly("5:frank:5", "5:gina:5", "8:hal:1");
		assertThat(entries(around("frank", 1))).containsExactly("5:erin:5", "5:frank:5", "5:gina:5");
	}

	@Test
	void aWindowIsShorterAtEitherEndOfTheBoard() {
		seedTies();

		assertThat(entries(around("bob", 2))).containsExactly("1:bob:12", "2:alice:9", "2:carol:9");
		Response bottom = around("hal", 3);
		assertThat(entries(bottom)).containsExactly("5:erin:5", "5:frank:5", "5:gina:5", "8:hal:1");
		assertThat(bottom.body()).extractingPath("$.top_percent").isEqualTo(100.0);
		assertThat(entries(around("alice", 50))).hasSize(8).startsWith("1:bob:12").endsWith("8:hal:1");
	}

	@Test
	void radiusZeroIsTheUserAloneAndTheDefaultIsFive() {
		seedTies();

		assertThat(entries(around("dave", 0))).containsExactly("4:dave:7");
		assertThat(entries(this.api.get(API + "/user/hal/around/daily"))).containsExactly("2:carol:9", "4:dave:7",
				"5:erin:5", "5:frank:5", "5:gina:5", "8:hal:1");
	}

	@Test
	void aKnownUserWithoutAScoreHasNoRankAndNoEntries() {
		seedTies();

		Response response = around("ivy", 5);

		assertThat(response.body()).extractingPath("$.rank").isNull();
		assertThat(response.body()).extractingPath("$.top_percent").isNull();
		assertThat(response.body()).extractingPath("$.score").isEqualTo(0);
		assertThat(response.body()).extractingPath("$.total").isEqualTo(8);
		assertThat(response.body()).extractingPath("$.entries").asArray().isEmpty();
	}

	@Test
	void anUnknownUserIs404OnBothPaths() {
		seedTies();

		assertProblem(this.api.get(API + "/user/nobody/around/daily"), 404, "nobody");
		try (PostgresOnly cold = new PostgresOnly(this.locks, this.keys, this.raw, this.rebuild, today(Period.DAILY))) {
			assertProblem(this.api.get(API + "/user/nobody/around/daily"), 404, "nobody");
		}
	}

	@Test
	void aPastBoardHasAWindowToo() {
		seedTies();

		Response response = fromBothSources(API + "/user/ivy/around/weekly?radius=1&date=2026-11-24",
				today(Period.WEEKLY));

		// ivy's 4 of yesterday counts this week
		assertThat(entries(response)).containsExactly("5:gina:5", "8:ivy:4", "9:hal:1");
		assertThat(entries(this.api.get(API + "/user/ivy/around/daily?date=2026-11-24"))).containsExactly("1:ivy:4");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/user/alice/around/daily?radius=51", "/user/alice/around/daily?radius=-1",
			"/user/alice/around/daily?radius=x", "/user/alice/around/daily?radius=", "/user/alice/around/hourly",
			"/user/a%20b/around/daily", "/user/alice/around/daily?date=2026-11-26",
			"/user/alice/around/daily?date=2026-13-01", "/user/alice/around/hourly?date=2026-11-24" })
	void badInputIs400(String path) {
		seedTies();

		Response response = this.api.get(API + path);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

}
