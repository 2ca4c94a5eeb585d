package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.EventStream;
import app.leaderboard.support.EventStream.Event;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * Names on the listings that came after names: the export, a league group (from Redis and
 * from PostgreSQL) and the personal feed's {@code overtaken_by}. The boards, friends,
 * around-me and streak lists are covered by {@code DisplayNameIntegrationTests}.
 */
class NamesOnEveryListingIntegrationTests extends IntegrationTestBase {

	@Test
	void theExportAndALeagueGroupCarryNames() {
		named("amy", 5, "Amy =1+1");
		named("bob", 3, "Bob");
		this.api.update("cat", 1);

		Response csv = this.api.get("/api/redis-leaderboard/admin/export/daily", admin());
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.text()).contains("1,amy,Amy =1+1,5", "2,bob,Bob,3", "3,cat,,1");

		// the first read builds the listing from PostgreSQL, the next one comes from
		// Redis
		for (int read = 0; read < 2; read++) {
			Response league = this.api.get("/api/redis-leaderboard/leagues/user/cat");
			assertThat(league.status()).isEqualTo(200);
			assertThat(league.body()).extractingPath("$.entries[0].display_name").isEqualTo("Amy =1+1");
			assertThat(league.body()).extractingPath("$.entries[1].display_name").isEqualTo("Bob");
			assertThat(league.body()).extractingPath("$.entries[2].display_name").isNull();
		}
	}

	@Test
	void whoOvertookAUserIsNamed() {
		named("amy", 5, "Amy");
		named("bob", 1, "Bobby");
		try (EventStream feed = EventStream.open(this.port, "/api/redis-leaderboard/user/amy/events?period=daily")) {
			assertThat(feed.await("rank", (e) -> true, Duration.ofSeconds(5))).isNotNull();
			named("bob", 9, "Bobby");
			Event passed = feed.await("rank", (e) -> e.json().get("overtaken_by").size() > 0, Duration.ofSeconds(5));
			assertThat(passed).as("an event that names who passed amy").isNotNull();
			assertThat(passed.body()).extractingPath("$.overtaken_by[0].user_id").isEqualTo("bob");
			assertThat(passed.body()).extractingPath("$.overtaken_by[0].display_name").isEqualTo("Bobby");
		}
	}

	private void named(String userId, int count, String name) {
		assertThat(
				this.api
					.post("/api/redis-leaderboard/update",
							"{\"user_id\":\"" + userId + "\",\"count\":" + count + ",\"display_name\":\"" + name
									+ "\"}")
					.status())
			.isEqualTo(200);
	}

}
