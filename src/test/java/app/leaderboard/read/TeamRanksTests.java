package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import app.leaderboard.core.Scope;

/** The order and ranks of a team listing, whichever store summed it. */
class TeamRanksTests {

	private static final List<TeamRanks.Team> TEAMS = List.of(new TeamRanks.Team("eu", 5, 2),
			new TeamRanks.Team("Zed", 0, 0), new TeamRanks.Team("us", 9, 3), new TeamRanks.Team("asia", 5, 1),
			new TeamRanks.Team("Beta", 5, 4), new TeamRanks.Team("af", 1, 1));

	@Test
	void zeroScoresAreLeftOutTiesShareARankAndGoByNameInByteOrder() {
		assertThat(TeamRanks.page(Scope.Kind.REGION, TEAMS, 0, 10)).containsExactly(
				new TeamPage.RegionEntry(1, "us", 9, 3), new TeamPage.RegionEntry(2, "Beta", 5, 4),
				new TeamPage.RegionEntry(2, "asia", 5, 1), new TeamPage.RegionEntry(2, "eu", 5, 2),
				new TeamPage.RegionEntry(5, "af", 1, 1));
		assertThat(TeamRanks.listed(TEAMS)).hasSize(5);
	}

	@Test
	void aPageKeepsTheRanksOfTheWholeListing() {
		assertThat(TeamRanks.page(Scope.Kind.ORG, TEAMS, 2, 2)).containsExactly(new TeamPage.OrgEntry(2, "asia", 5, 1),
				new TeamPage.OrgEntry(2, "eu", 5, 2));
		assertThat(TeamRanks.page(Scope.Kind.ORG, TEAMS, 4, 10)).containsExactly(new TeamPage.OrgEntry(5, "af", 1, 1));
		assertThat(TeamRanks.page(Scope.Kind.ORG, TEAMS, 5, 10)).isEmpty();
		assertThat(TeamRanks.page(Scope.Kind.ORG, TEAMS, Long.MAX_VALUE / 2, 1000)).isEmpty();
	}

}
