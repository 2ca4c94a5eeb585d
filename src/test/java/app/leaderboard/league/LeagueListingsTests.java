package app.leaderboard.league;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;

import static org.assertj.core.api.Assertions.assertThat;

/** The body of a group, and the projection of the results' rule, without servers. */
class LeagueListingsTests {

	private static final LeagueProperties LEAGUE = new LeagueProperties("weekly", 5,
			List.of("bronze", "silver", "gold"), 1, 2);

	private final LeagueListings listings = new LeagueListings(LEAGUE);

	private final PeriodInstance season = new Periods(java.time.Clock.systemUTC(), ZoneOffset.UTC)
		.containing(Period.WEEKLY, LocalDate.parse("2026-11-25"));

	@Test
	void competitionRanksAndTheBoundsOfAMiddleTier() {
		LeagueView view = this.listings.view(this.season, 1, 3,
				List.of(row("a", 9), row("b", 7), row("c", 7), row("d", 2), row("e", 0)), null, false, "c", () -> null);

		assertThat(view.entries()).extracting(LeagueView.Entry::rank).containsExactly(1L, 2L, 2L, 4L, 5L);
		assertThat(view.members()).isEqualTo(5);
		assertThat(view.promote()).isEqualTo(1);
		// max(PROMOTE, n - DEMOTE) = max(1, 3)
		assertThat(view.demoteBelow()).isEqualTo(3);
		assertThat(view.user()).isEqualTo(new LeagueView.Standing(2L, 7, "staying"));
		assertThat(view.tier()).isEqualTo("silver");
		assertThat(view.seasonStart()).isEqualTo(LocalDate.parse("2026-11-23"));
		assertThat(view.endsAt()).hasToString("2026-11-30T00:00:00Z");
	}

	@Test
	void projectionFollowsTheRule() {
		// rank 1 with a score moves up unless in the highest tier
		assertThat(this.listings.projection(1, 5, 1, 5)).isEqualTo("promoting");
		assertThat(this.listings.projection(1, 5, 2, 5)).isEqualTo("staying");
		// rank 1 at 0 does not move up
		assertThat(this.listings.projection(1, 0, 1, 5)).isEqualTo("staying");
		// below max(1, 5 - 2) = 3 moves down, unless in the lowest tier
		assertThat(this.listings.projection(4, 3, 1, 5)).isEqualTo("demoting");
		assertThat(this.listings.projection(3, 3, 1, 5)).isEqualTo("staying");
		assertThat(this.listings.projection(4, 3, 0, 5)).isEqualTo("staying");
		// a small group: max(PROMOTE, n - DEMOTE) never lets a promoted rank move down
		assertThat(this.listings.projection(1, 0, 1, 2)).isEqualTo("staying");
		assertThat(this.listings.projection(2, 1, 1, 2)).isEqualTo("demoting");
	}

	@Test
	void edgesOfTheTiers() {
		LeagueView lowest = this.listings.view(this.season, 0, 1, List.of(row("a", 1)), null, false, null, () -> null);
		LeagueView highest = this.listings.view(this.season, 2, 1, List.of(row("a", 1)), null, false, null, () -> null);

		assertThat(lowest.demoteBelow()).isNull();
		assertThat(lowest.promote()).isEqualTo(1);
		assertThat(lowest.user()).isNull();
		assertThat(highest.promote()).isZero();
		assertThat(highest.demoteBelow()).isEqualTo(1);
	}

	@Test
	void aPastSeasonShowsTheFixedResultAndTheCountAtItsEnd() {
		LeagueView view = this.listings.view(this.season, 1, 1, List.of(new LeagueListings.Row("b", null, 3, "stayed")),
				4, true, "b", () -> null);

		assertThat(view.user()).isEqualTo(new LeagueView.Standing(1L, 3, "stayed"));
		assertThat(view.members()).isEqualTo(1);
		assertThat(view.demoteBelow()).isEqualTo(2);
	}

	@Test
	void aMemberNotListedSeesTheirScoreWithoutRank() {
		LeagueView view = this.listings.view(this.season, 0, 1, List.of(row("a", 1)), null, false, "hidden",
				() -> new LeagueListings.Row("hidden", null, 6, null));

		assertThat(view.user()).isEqualTo(new LeagueView.Standing(null, 6, null));
	}

	private static LeagueListings.Row row(String userId, long total) {
		return new LeagueListings.Row(userId, null, total, null);
	}

}
