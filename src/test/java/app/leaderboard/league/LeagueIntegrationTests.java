package app.leaderboard.league;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

import static app.leaderboard.league.LeagueTestSupport.API;
import static app.leaderboard.league.LeagueTestSupport.entries;
import static app.leaderboard.league.LeagueTestSupport.group;
import static app.leaderboard.league.LeagueTestSupport.groupNumbers;
import static app.leaderboard.league.LeagueTestSupport.groupSizes;
import static app.leaderboard.league.LeagueTestSupport.update;
import static app.leaderboard.league.LeagueTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Joining, groups, standings and results (docs/api.md, "Leagues"), with groups of 3,
 * tiers bronze, silver and gold, one promotion and one demotion per group. The clock
 * starts on Wednesday 2026-11-25, in the season of 2026-11-23.
 */
@TestPropertySource(properties = { "leaderboard.league.size=3", "leaderboard.league.tiers=bronze,silver,gold",
		"leaderboard.league.promote=1", "leaderboard.league.demote=1" })
class LeagueIntegrationTests extends IntegrationTestBase {

	private static final String WEEK_1 = "2026-11-23";

	private static final String WEEK_2 = "2026-11-30";

	@Test
	void usersFillTheLowestGroupsOfTheirTierAndEveryJoinerCounts() {
		update(this.api, "u1", 1);
		update(this.api, "u2", 2);
		update(this.api, "u3", 3);
		update(this.api, "u4", 4);
		// a second update joins nothing more
		update(this.api, "u1", 1);
		assertThat(this.api.delete(API + "/admin/users/u2", admin()).status()).isEqualTo(200);
		update(this.api, "u5", 5);

		Response first = group(this.api, "bronze", 1);
		assertThat(first.source()).isEqualTo("redis");
		// u2 was erased: left out, and the group stays full (u2 counted)
		assertThat(entries(first)).containsExactly("1:u3:3", "2:u1:2");
		assertThat(first.body()).extractingPath("$.members").isEqualTo(2);
		assertThat(entries(group(this.api, "bronze", 2))).containsExactly("1:u5:5", "2:u4:4");
		assertThat(groupSizes(this.jdbc, WEEK_1, 0)).containsExactly(2, 2);

		Response u4 = user(this.api, "u4");
		assertThat(u4.status()).isEqualTo(200);
		assertThat(u4.source()).isEqualTo("redis");
		assertThat(u4.text()).isEqualTo("{\"period\":\"weekly\",\"season_start\":\"2026-11-23\","
				+ "\"ends_at\":\"2026-11-30T00:00:00Z\",\"tier\":\"bronze\",\"tier_index\":0,\"group\":2,"
				+ "\"members\":2,\"promote\":1,\"demote_below\":null,"
				+ "\"user\":{\"rank\":2,\"score\":4,\"outcome\":\"staying\"},"
				+ "\"entries\":[{\"rank\":1,\"user_id\":\"u5\",\"display_name\":null,\"score\":5},"
				+ "{\"rank\":2,\"user_id\":\"u4\",\"display_name\":null,\"score\":4}]}");
		assertThat(group(this.api, "bronze", 2).json().has("user")).isFalse();
	}

	/**
	 * A group's listing is cached in Redis once read; a later joiner of the group is on
	 * it for every read that starts after their update's 200, and sees their own rank.
	 * (Before the join dropped the cached listing, the joiner was missing for up to 30 s
	 * and their own read showed them as hidden, rank null.)
	 */
	@Test
	void aJoinerIsOnTheGroupsCachedListingAtOnce() {
		update(this.api, "u1", 1);
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:u1:1");
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:u1:1");

		update(this.api, "u2", 2);

		Response listing = group(this.api, "bronze", 1);
		assertThat(listing.source()).isEqualTo("redis");
		assertThat(entries(listing)).containsExactly("1:u2:2", "2:u1:1");
		Response own = user(this.api, "u2");
		assertThat(own.source()).isEqualTo("redis");
		assertThat(own.body()).extractingPath("$.user.rank").isEqualTo(1);
	}

	@Test
	void notFoundsSayWhatIsMissing() {
		update(this.api, "alice", 1);
		update(this.api, "bob", 1);
		this.api.post(API + "/admin/users/bob/hide", null, admin());
		this.clock.set("2026-12-01T10:00:00Z");
		// a hidden user's update joins nothing
		update(this.api, "bob", 1);

		assertThat(group(this.api, "bronze", 2, WEEK_1).status()).isEqualTo(404);
		assertThat(group(this.api, "silver", 1).status()).isEqualTo(404);
		assertThat(group(this.api, "bronze", 0).status()).isEqualTo(404);
		assertThat(this.api.get(API + "/leagues/bronze/first").status()).isEqualTo(404);
		Response unknownTier = group(this.api, "copper", 1);
		assertThat(unknownTier.status()).isEqualTo(404);
		assertThat(unknownTier.body()).extractingPath("$.detail").asString().contains("copper");
		Response unknownUser = user(this.api, "nobody");
		assertThat(unknownUser.status()).isEqualTo(404);
		Response noGroup = user(this.api, "alice");
		assertThat(noGroup.status()).isEqualTo(404);
		assertThat(noGroup.body()).extractingPath("$.detail").asString().contains("no league group");
		assertThat(user(this.api, "bob").status()).isEqualTo(404);
		assertThat(user(this.api, "alice", WEEK_1).status()).isEqualTo(200);
		assertThat(user(this.api, "alice", "2026-12-09").status()).isEqualTo(400);
		assertThat(user(this.api, "alice", "yesterday").status()).isEqualTo(400);
		assertThat(this.api.get(API + "/leagues/user/bad%20id").status()).isEqualTo(400);

		this.api.post(API + "/admin/users/bob/unhide", null, admin());
		update(this.api, "bob", 1);
		assertThat(user(this.api, "bob").status()).isEqualTo(200);
	}

	@Test
	void membersAreRankedLikeTheBoardsAndHiddenOnesAreLeftOut() {
		update(this.api, "carol", 5);
		update(this.api, "bob", 3);
		this.clock.advance(java.time.Duration.ofSeconds(10));
		// ties with bob, who reached 3 first
		update(this.api, "alice", 3);

		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:carol:5", "2:bob:3", "2:alice:3");
		assertThat(entries(this.api.get(API + "/weekly"))).containsExactly("1:carol:5", "2:bob:3", "2:alice:3");

		this.api.post(API + "/admin/users/bob/hide", null, admin());
		Response hidden = group(this.api, "bronze", 1);
		assertThat(entries(hidden)).containsExactly("1:carol:5", "2:alice:3");
		assertThat(hidden.body()).extractingPath("$.members").isEqualTo(2);
		Response own = user(this.api, "bob");
		assertThat(own.body()).extractingPath("$.user.rank").isNull();
		assertThat(own.body()).extractingPath("$.user.score").isEqualTo(3);

		// members at 0 after a reset are listed and ranked like any score
		this.api.post(API + "/admin/reset/weekly", null, admin());
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:alice:0", "1:carol:0");
	}

	@Test
	void resultsFollowTheRuleAtTheBoundary() {
		// bronze 1: a 5, b 3, c 1; bronze 2: d and e tie at the top
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		update(this.api, "c", 1);
		update(this.api, "d", 2);
		update(this.api, "e", 2);
		update(this.api, "f", 1);
		assertThat(user(this.api, "a").body()).extractingPath("$.user.outcome").isEqualTo("promoting");
		assertThat(user(this.api, "c").body()).extractingPath("$.user.outcome").isEqualTo("staying");

		this.clock.set("2026-11-30T10:00:00Z");
		update(this.api, "a", 1);
		update(this.api, "d", 4);
		update(this.api, "e", 4);
		update(this.api, "b", 1);
		update(this.api, "c", 1);

		assertThat(outcome("a", WEEK_1)).isEqualTo("promoted");
		assertThat(outcome("b", WEEK_1)).isEqualTo("stayed");
		// last, but bronze is the lowest tier
		assertThat(outcome("c", WEEK_1)).isEqualTo("stayed");
		assertThat(outcome("d", WEEK_1)).isEqualTo("promoted");
		assertThat(outcome("e", WEEK_1)).isEqualTo("promoted");
		assertThat(outcome("f", WEEK_1)).isEqualTo("stayed");
		Response silver = group(this.api, "silver", 1);
		assertThat(entries(silver)).containsExactly("1:d:4", "1:e:4", "3:a:1");
		assertThat(silver.body()).extractingPath("$.demote_below").isEqualTo(2);
		assertThat(silver.body()).extractingPath("$.promote").isEqualTo(1);
		assertThat(entries(group(this.api, "bronze", 1))).containsExactly("1:b:1", "1:c:1");

		this.clock.set("2026-12-07T10:00:00Z");
		update(this.api, "a", 1);
		update(this.api, "d", 1);
		update(this.api, "e", 1);
		assertThat(outcome("a", WEEK_2)).isEqualTo("demoted");
		assertThat(outcome("d", WEEK_2)).isEqualTo("promoted");
		Response gold = user(this.api, "d");
		assertThat(gold.body()).extractingPath("$.tier").isEqualTo("gold");
		assertThat(gold.body()).extractingPath("$.promote").isEqualTo(0);
		assertThat(gold.body()).extractingPath("$.user.outcome").isEqualTo("staying");
		assertThat(user(this.api, "a").body()).extractingPath("$.tier").isEqualTo("bronze");
		Response past = user(this.api, "a", WEEK_2);
		assertThat(past.body()).extractingPath("$.tier").isEqualTo("silver");
		assertThat(past.body()).extractingPath("$.season_start").isEqualTo(WEEK_2);
		assertThat(past.body()).extractingPath("$.ends_at").isEqualTo("2026-12-07T00:00:00Z");
	}

	@Test
	void nothingRunsAtTheBoundaryAndASkippedSeasonKeepsTheTier() {
		update(this.api, "a", 5);
		update(this.api, "b", 1);

		// two boundaries pass with no request at all: nothing fixed the results
		this.clock.set("2026-12-09T10:00:00Z");
		assertThat(this.jdbc.queryForObject("select count(*) from league_groups where closed_at is not null",
				Integer.class))
			.isZero();
		update(this.api, "a", 1);

		assertThat(user(this.api, "a").body()).extractingPath("$.tier").isEqualTo("silver");
		assertThat(outcome("a", WEEK_1)).isEqualTo("promoted");
	}

	@Test
	void resultsStayFixedAfterALaterErasureHideAndReset() {
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		update(this.api, "c", 1);
		this.clock.set("2026-11-30T10:00:00Z");
		// after the boundary, before anything needed the results: had they been worked
		// out now, b would be first and promoted
		assertThat(this.api.delete(API + "/admin/users/a", admin()).status()).isEqualTo(200);
		this.api.post(API + "/admin/users/c/hide", null, admin());
		this.api.post(API + "/admin/reset/weekly", null, admin());
		update(this.api, "b", 1);

		assertThat(user(this.api, "b").body()).extractingPath("$.tier").isEqualTo("bronze");
		Response past = user(this.api, "b", WEEK_1);
		assertThat(entries(past)).containsExactly("1:b:3");
		assertThat(past.body()).extractingPath("$.user.outcome").isEqualTo("stayed");
		// c, hidden since, keeps the result the boundary gave
		assertThat(user(this.api, "c", WEEK_1).body()).extractingPath("$.user.outcome").isEqualTo("stayed");
		// the id of a erased starts anew, in the lowest tier
		update(this.api, "a", 1);
		assertThat(user(this.api, "a").body()).extractingPath("$.tier").isEqualTo("bronze");
		assertThat(user(this.api, "a", WEEK_1).status()).isEqualTo(404);
	}

	@Test
	void aMemberHiddenAtTheEndGetsNoResultAndKeepsTheTier() {
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		this.api.post(API + "/admin/users/a/hide", null, admin());
		this.clock.set("2026-11-30T10:00:00Z");
		this.api.post(API + "/admin/users/a/unhide", null, admin());
		update(this.api, "a", 1);
		update(this.api, "b", 1);

		assertThat(user(this.api, "a").body()).extractingPath("$.tier").isEqualTo("bronze");
		assertThat(outcome("a", WEEK_1)).isNull();
		// alone on the listing at the end, b was first
		assertThat(user(this.api, "b").body()).extractingPath("$.tier").isEqualTo("silver");
	}

	@Test
	void concurrentJoinsNeverOverfillNorLeaveAGap() throws Exception {
		int users = 40;
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Future<Integer>> answers = new ArrayList<>();
			for (int i = 0; i < users; i++) {
				String userId = "racer" + i;
				answers.add(pool.submit(() -> this.api.update(userId, 1).status()));
			}
			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(200);
			}
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(groupNumbers(this.jdbc, WEEK_1, 0))
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 14).boxed().toList());
		List<Integer> sizes = groupSizes(this.jdbc, WEEK_1, 0);
		assertThat(sizes.subList(0, 13)).allMatch((size) -> size == 3);
		assertThat(sizes.get(13)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select joiners from league_tiers", Integer.class)).isEqualTo(users);
	}

	@Test
	void resultCountsOfAnEndedSeason() {
		update(this.api, "a", 5);
		update(this.api, "b", 3);
		update(this.api, "c", 1);
		update(this.api, "d", 1);
		this.clock.set("2026-11-30T10:00:00Z");

		LeagueSeasons.SeasonResults results = this.seasons.resultCounts(java.time.LocalDate.parse(WEEK_1));

		assertThat(results)
			.isEqualTo(new LeagueSeasons.SeasonResults("weekly", java.time.LocalDate.parse(WEEK_1), 2, 2, 0));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.seasons.resultCounts(java.time.LocalDate.parse(WEEK_2)));
	}

	@org.springframework.beans.factory.annotation.Autowired
	LeagueSeasons seasons;

	private Object outcome(String userId, String date) {
		Response response = user(this.api, userId, date);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		return response.read("$.user.outcome");
	}

}
