package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.TestApi.Response;

/** One user's daily totals of the last days, for the page's chart. */
class HistoryIntegrationTests extends ReadsTestBase {

	@Test
	void everyDayUpToTodayOldestFirstWithZerosForDaysWithoutPomodoros() {
		this.clock.set("2026-11-22T12:00:00Z");
		this.api.update("alice", 2);
		this.clock.set("2026-11-24T12:00:00Z");
		this.api.update("alice", 1);
		this.api.update("alice", 3);
		this.api.update("bob", 7);
		this.clock.set("2026-11-25T10:15:00Z");
		this.api.update("alice", 1);

		Response response = this.api.get(API + "/user/alice/history/daily?days=4");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.source()).isEqualTo("postgres");
		assertThat(response.text()).isEqualTo("{\"user_id\":\"alice\",\"period\":\"daily\",\"entries\":["
				+ "{\"period_start\":\"2026-11-22\",\"score\":2},{\"period_start\":\"2026-11-23\",\"score\":0},"
				+ "{\"period_start\":\"2026-11-24\",\"score\":4},{\"period_start\":\"2026-11-25\",\"score\":1}]}");
		assertThat(this.api.get(API + "/user/alice/history/daily").body()).extractingPath("$.entries")
			.asArray()
			.hasSize(30);
	}

	@Test
	void daysPastRetentionAreLeftOut() {
		this.api.update("alice", 1);

		// 400 days are kept before today: 401 entries at most
		assertThat(this.api.get(API + "/user/alice/history/daily?days=366").body()).extractingPath("$.entries")
			.asArray()
			.hasSize(366);
	}

	@Test
	void unknownUsersAndBadDaysAreProblems() {
		this.api.update("alice", 1);

		assertProblem(this.api.get(API + "/user/nobody/history/daily"), 404, "nobody");
		assertProblem(this.api.get(API + "/user/alice/history/daily?days=0"), 400, "days");
		assertProblem(this.api.get(API + "/user/alice/history/daily?days=367"), 400, "days");
		assertProblem(this.api.get(API + "/user/alice/history/daily?days=x"), 400, "days");
		assertProblem(this.api.get(API + "/user/a%20b/history/daily"), 400, "user_id");
	}

}
