package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.sync.DailyRetention;

/**
 * Streaks (docs/api.md, "Streaks"): counted in the update's transaction, in days of the
 * service's time zone, shown on the stats object and listed by {@code GET /streaks}; a
 * streak that broke leaves the list at midnight by itself, with no job.
 */
class StreakIntegrationTests extends IntegrationTestBase {

	@Autowired
	DailyRetention retention;

	private Response updateAt(String instant, String userId) {
		this.clock.set(instant);
		return this.api.update(userId, 1);
	}

	private Response updateAt(String instant, String userId, String region) {
		this.clock.set(instant);
		return this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"" + userId + "\",\"count\":1,\"region\":\"" + region + "\"}");
	}

	private static Map<String, Object> streak(int current, int longest, String lastDay) {
		Map<String, Object> streak = new LinkedHashMap<>();
		streak.put("current", current);
		streak.put("longest", longest);
		streak.put("last_day", lastDay);
		return streak;
	}

	private static Map<String, Object> listed(int rank, String userId, int streak, String lastDay) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("rank", rank);
		entry.put("user_id", userId);
		entry.put("display_name", null);
		entry.put("streak", streak);
		entry.put("last_day", lastDay);
		return entry;
	}

	private Response streaks(String query) {
		Response list = this.api.get("/api/redis-leaderboard/streaks" + query);
		assertThat(list.status()).isEqualTo(200);
		return list;
	}

	@Test
	void consecutiveDaysMakeAStreakThatStaysThroughTheNextDayAndBreaksAtTheMidnightAfter() {
		assertThat(updateAt("2026-11-23T10:00:00Z", "alice").body()).extractingPath("$.streak")
			.isEqualTo(streak(1, 1, "2026-11-23"));
		assertThat(updateAt("2026-11-23T22:00:00Z", "alice").body()).as("a second update of the day")
			.extractingPath("$.streak")
			.isEqualTo(streak(1, 1, "2026-11-23"));
		assertThat(updateAt("2026-11-24T00:00:00Z", "alice").body()).extractingPath("$.streak")
			.isEqualTo(streak(2, 2, "2026-11-24"));
		assertThat(updateAt("2026-11-25T23:59:59Z", "alice").body()).extractingPath("$.streak")
			.isEqualTo(streak(3, 3, "2026-11-25"));

		this.clock.set("2026-11-26T12:00:00Z");
		// (today's daily board is new: this read may load it from PostgreSQL)
		Response user = this.api.get("/api/redis-leaderboard/user/alice");
		assertThat(user.body()).as("yesterday still counts")
			.extractingPath("$.streak")
			.isEqualTo(streak(3, 3, "2026-11-25"));
		Response list = streaks("");
		assertThat(list.source()).isEqualTo("redis");
		assertThat(list.body()).extractingPath("$.as_of").isEqualTo("2026-11-26");
		assertThat(list.body()).extractingPath("$.total").isEqualTo(1);
		assertThat(list.body()).extractingPath("$.entries").isEqualTo(List.of(listed(1, "alice", 3, "2026-11-25")));

		// no update, no job, no admin call: only the clock moves past midnight
		this.clock.set("2026-11-27T00:00:00Z");
		assertThat(this.api.get("/api/redis-leaderboard/user/alice").body()).extractingPath("$.streak")
			.isEqualTo(streak(0, 3, "2026-11-25"));
		Response broken = streaks("");
		assertThat(broken.source()).isEqualTo("redis");
		assertThat(broken.body()).extractingPath("$.as_of").isEqualTo("2026-11-27");
		assertThat(broken.body()).extractingPath("$.total").isEqualTo(0);
		assertThat(broken.body()).extractingPath("$.entries").isEqualTo(List.of());

		assertThat(updateAt("2026-11-27T08:00:00Z", "alice").body()).as("a new streak, the longest kept")
			.extractingPath("$.streak")
			.isEqualTo(streak(1, 3, "2026-11-27"));
		assertThat(streaks("").body()).extractingPath("$.entries")
			.isEqualTo(List.of(listed(1, "alice", 1, "2026-11-27")));
	}

	@Test
	void theListIsByStreakThenLastDayThenUserIdWithCompetitionRanksAcrossPages() {
		updateAt("2026-11-23T10:00:00Z", "fay");
		updateAt("2026-11-24T10:00:00Z", "fay");
		updateAt("2026-11-24T10:00:00Z", "bea", "eu");
		updateAt("2026-11-24T10:00:00Z", "ann", "eu");
		updateAt("2026-11-24T10:00:00Z", "cid", "eu");
		updateAt("2026-11-25T10:00:00Z", "bea", "eu");
		updateAt("2026-11-25T10:00:00Z", "ann", "eu");
		updateAt("2026-11-25T10:00:00Z", "dan");
		updateAt("2026-11-25T10:00:00Z", "eve");
		updateAt("2026-11-22T10:00:00Z", "old");
		this.clock.set("2026-11-25T18:00:00Z");

		Response all = streaks("?limit=10");
		assertThat(all.source()).isEqualTo("redis");
		assertThat(all.body()).extractingPath("$.total").isEqualTo(6);
		assertThat(all.body()).extractingPath("$.entries")
			.isEqualTo(List.of(listed(1, "fay", 2, "2026-11-24"), listed(1, "ann", 2, "2026-11-25"),
					listed(1, "bea", 2, "2026-11-25"), listed(4, "cid", 1, "2026-11-24"),
					listed(4, "dan", 1, "2026-11-25"), listed(4, "eve", 1, "2026-11-25")));
		assertThat(streaks("?limit=2&offset=2").body()).extractingPath("$.entries")
			.isEqualTo(List.of(listed(1, "bea", 2, "2026-11-25"), listed(4, "cid", 1, "2026-11-24")));
		assertThat(streaks("?limit=1&offset=5").body()).extractingPath("$.entries")
			.isEqualTo(List.of(listed(4, "eve", 1, "2026-11-25")));
		assertThat(streaks("?offset=6").body()).extractingPath("$.entries").isEqualTo(List.of());

		Response eu = streaks("?region=eu");
		assertThat(eu.body()).extractingPath("$.total").isEqualTo(3);
		assertThat(eu.body()).extractingPath("$.entries")
			.isEqualTo(List.of(listed(1, "ann", 2, "2026-11-25"), listed(1, "bea", 2, "2026-11-25"),
					listed(3, "cid", 1, "2026-11-24")));
		assertThat(streaks("?region=nowhere").body()).extractingPath("$.total").isEqualTo(0);
		assertThat(this.api.get("/api/redis-leaderboard/streaks?limit=0").status()).isEqualTo(400);
		assertThat(this.api.get("/api/redis-leaderboard/streaks?region=eu&org=x").status()).isEqualTo(400);
		assertThat(this.api.get("/api/redis-leaderboard/streaks?region=e%20u").status()).isEqualTo(400);
	}

	@Test
	void hiddenUsersAreNotListedAndKeepTheirStreakAndMovesChangeTheScopeList() {
		updateAt("2026-11-24T10:00:00Z", "gus", "eu");
		updateAt("2026-11-25T10:00:00Z", "gus", "eu");
		updateAt("2026-11-25T10:00:00Z", "hel", "eu");

		assertThat(this.api.post("/api/redis-leaderboard/admin/users/gus/hide", null, admin()).status()).isEqualTo(200);
		assertThat(streaks("").body()).extractingPath("$.entries")
			.isEqualTo(List.of(listed(1, "hel", 1, "2026-11-25")));
		assertThat(streaks("?region=eu").body()).extractingPath("$.total").isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/user/gus").body()).extractingPath("$.streak")
			.isEqualTo(streak(2, 2, "2026-11-25"));

		this.api.post("/api/redis-leaderboard/admin/users/gus/unhide", null, admin());
		assertThat(streaks("?region=eu").body()).extractingPath("$.entries")
			.isEqualTo(List.of(listed(1, "gus", 2, "2026-11-25"), listed(2, "hel", 1, "2026-11-25")));

		updateAt("2026-11-25T11:00:00Z", "gus", "us");
		assertThat(streaks("?region=eu").body()).extractingPath("$.entries")
			.isEqualTo(List.of(listed(1, "hel", 1, "2026-11-25")));
		assertThat(streaks("?region=us").body()).extractingPath("$.entries")
			.isEqualTo(List.of(listed(1, "gus", 2, "2026-11-25")));
	}

	@Test
	void retentionOfOldDailyTotalsKeepsTheLongestStreak() {
		for (String day : List.of("2025-10-10", "2025-10-11", "2025-10-12", "2025-10-13")) {
			updateAt(day + "T12:00:00Z", "ivy");
		}
		updateAt("2026-11-25T09:00:00Z", "ivy");

		assertThat(this.retention.purge()).as("the four old days are past retention").isEqualTo(4);

		assertThat(this.jdbc.queryForObject(
				"select count(*) from period_totals where user_id = 'ivy' and period = 'daily'", Long.class))
			.isEqualTo(1);
		assertThat(this.api.get("/api/redis-leaderboard/user/ivy").body()).extractingPath("$.streak")
			.isEqualTo(streak(1, 4, "2026-11-25"));
		this.rebuild.fullSync((n) -> {
		});
		assertThat(this.api.get("/api/redis-leaderboard/user/ivy").body()).extractingPath("$.streak")
			.isEqualTo(streak(1, 4, "2026-11-25"));
	}

	@Test
	void erasureResetsTheStreakAndResetsChangeNothing() {
		updateAt("2026-11-24T12:00:00Z", "jon");
		updateAt("2026-11-25T12:00:00Z", "jon");
		assertThat(this.api.post("/api/redis-leaderboard/admin/reset/daily", null, admin()).status()).isEqualTo(200);
		assertThat(this.api.get("/api/redis-leaderboard/user/jon").body()).extractingPath("$.streak")
			.isEqualTo(streak(2, 2, "2026-11-25"));
		assertThat(streaks("").body()).extractingPath("$.total").isEqualTo(1);

		assertThat(this.api.delete("/api/redis-leaderboard/admin/users/jon", admin()).status()).isEqualTo(200);
		assertThat(streaks("").body()).extractingPath("$.total").isEqualTo(0);

		assertThat(updateAt("2026-11-25T13:00:00Z", "jon").body()).extractingPath("$.streak")
			.isEqualTo(streak(1, 1, "2026-11-25"));
	}

}
