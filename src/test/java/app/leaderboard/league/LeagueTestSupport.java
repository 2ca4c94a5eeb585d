package app.leaderboard.league;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestApi.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** The league settings of the tests, and the reads they make. */
final class LeagueTestSupport {

	static final String API = "/api/redis-leaderboard";

	/** Small groups, three tiers, one up and one down: every edge within a few users. */
	static final String[] SETTINGS = { "leaderboard.league.size=3", "leaderboard.league.tiers=bronze,silver,gold",
			"leaderboard.league.promote=1", "leaderboard.league.demote=1" };

	private LeagueTestSupport() {
	}

	static void update(TestApi api, String userId, int count) {
		assertThat(api.update(userId, count).status()).as("update of %s", userId).isEqualTo(200);
	}

	static Response group(TestApi api, String tier, int group, String... date) {
		return api.get(API + "/leagues/" + tier + "/" + group + ((date.length > 0) ? "?date=" + date[0] : ""));
	}

	static Response user(TestApi api, String userId, String... date) {
		return api.get(API + "/leagues/user/" + userId + ((date.length > 0) ? "?date=" + date[0] : ""));
	}

	/** The listing as rank:user:score. */
	static List<String> entries(Response response) {
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.entries(":");
	}

	/** Members per group of a tier in a season, from PostgreSQL, in group order. */
	static List<Integer> groupSizes(JdbcTemplate jdbc, String seasonStart, int tier) {
		return jdbc.queryForList("select count(*)::int from league_members where season_start = ?::date and tier = ? "
				+ "group by group_no order by group_no", Integer.class, seasonStart, tier);
	}

	static List<Integer> groupNumbers(JdbcTemplate jdbc, String seasonStart, int tier) {
		return jdbc.queryForList("select distinct group_no from league_members where season_start = ?::date "
				+ "and tier = ? order by group_no", Integer.class, seasonStart, tier);
	}

}
