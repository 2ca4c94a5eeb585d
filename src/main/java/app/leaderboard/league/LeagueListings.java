package app.leaderboard.league;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.core.PeriodInstance;

/**
 * A group's body from its members in board order, the same from Redis and from
 * PostgreSQL: competition ranks (1, 2, 2, 4), {@code promote} and {@code demote_below},
 * and the user's outcome. The rule of the results, worked out here for the projection, is
 * the one {@code LeagueResults} fixes at a season's end: promoted when {@code r <=
 * PROMOTE}, the total is above 0 and the tier is not the highest; otherwise demoted when
 * {@code r > max(PROMOTE, n - DEMOTE)} and the tier is not the lowest; otherwise stayed.
 */
final class LeagueListings {

	private final LeagueProperties league;

	LeagueListings(LeagueProperties league) {
		this.league = league;
	}

	/** A listed member: display name, total in the season, result once fixed. */
	record Row(String userId, @Nullable String displayName, long total, @Nullable String result) {
	}

	/**
	 * The body of a group; with {@code userId}, the user's standing too ({@code ownTotal}
	 * answers their score and result when they are not listed).
	 * @param listedAtEnd members listed at the season's end (n of the results), once
	 * fixed
	 */
	LeagueView view(PeriodInstance season, int tier, int group, List<Row> rows, @Nullable Integer listedAtEnd,
			boolean ended, @Nullable String userId, Supplier<Row> own) {
		List<LeagueView.Entry> entries = new ArrayList<>(rows.size());
		LeagueView.Standing standing = null;
		long rank = 1;
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			if (i > 0 && row.total() != rows.get(i - 1).total()) {
				rank = i + 1;
			}
			entries.add(new LeagueView.Entry(rank, row.userId(), row.displayName(), row.total()));
			if (row.userId().equals(userId)) {
				String outcome = ended ? row.result() : projection(rank, row.total(), tier, rows.size());
				standing = new LeagueView.Standing(rank, row.total(), outcome);
			}
		}
		int n = (ended && listedAtEnd != null) ? listedAtEnd : rows.size();
		if (userId != null && standing == null) {
			// hidden: on no listing, but they see their own score, and their result once
			// fixed
			Row row = own.get();
			standing = new LeagueView.Standing(null, row.total(), ended ? row.result() : null);
		}
		return new LeagueView(this.league.period(), season.startDate(), season.end(), tierName(tier), tier, group,
				rows.size(), (tier == this.league.highestTier()) ? 0 : this.league.promote(),
				(tier == 0) ? null : demoteBelow(n), standing, entries);
	}

	/**
	 * A tier's name; a tier of a past season that the settings no longer name (they were
	 * cut down since) is shown by its index.
	 */
	String tierName(int tier) {
		return (tier < this.league.tiers().size()) ? this.league.tiers().get(tier) : Integer.toString(tier);
	}

	/** Where a member stands if the season ended now. */
	String projection(long rank, long total, int tier, int n) {
		if (rank <= this.league.promote() && total > 0 && tier < this.league.highestTier()) {
			return "promoting";
		}
		if (rank > demoteBelow(n) && tier > 0) {
			return "demoting";
		}
		return "staying";
	}

	private int demoteBelow(int n) {
		return Math.max(this.league.promote(), n - this.league.demote());
	}

}
