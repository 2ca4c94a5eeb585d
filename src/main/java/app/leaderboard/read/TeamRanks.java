package app.leaderboard.read;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import app.leaderboard.core.Scope;

/**
 * The order and ranks of a team listing, the same whichever store summed the teams: teams
 * with a score above 0, by score descending, ties by name ascending (byte order, as
 * PostgreSQL's "C" collation), competition ranks (1, 2, 2, 4) that hold across pages.
 */
final class TeamRanks {

	/** A team's figures before ranking. */
	record Team(String name, long score, long members) {
	}

	private static final Comparator<Team> ORDER = Comparator.comparingLong(Team::score)
		.reversed()
		.thenComparing(Team::name);

	private TeamRanks() {
	}

	/** One page of the listing of {@code teams} (in any order, zero scores left out). */
	static List<TeamPage.Entry> page(Scope.Kind kind, List<Team> teams, long offset, int limit) {
		List<Team> listed = listed(teams);
		List<TeamPage.Entry> entries = new ArrayList<>();
		long rank = 1;
		for (int i = 0; i < listed.size() && i < offset + limit; i++) {
			Team team = listed.get(i);
			if (i > 0 && team.score() != listed.get(i - 1).score()) {
				rank = i + 1;
			}
			if (i >= offset) {
				entries.add((kind == Scope.Kind.ORG)
						? new TeamPage.OrgEntry(rank, team.name(), team.score(), team.members())
						: new TeamPage.RegionEntry(rank, team.name(), team.score(), team.members()));
			}
		}
		return entries;
	}

	/** The teams listed, in listing order. */
	static List<Team> listed(List<Team> teams) {
		return teams.stream().filter((team) -> team.score() > 0).sorted(ORDER).toList();
	}

}
