package app.leaderboard.league;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of both league reads: a group of a season with every listed member; the
 * {@code user} part only in the answer about a user.
 */
public record LeagueView(String period, LocalDate seasonStart, Instant endsAt, String tier, int tierIndex, int group,
		int members, int promote, @Nullable Integer demoteBelow,
		@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Standing user, List<Entry> entries) {

	/**
	 * The user's own standing: rank null when they are not listed (hidden), outcome the
	 * projection ({@code promoting}, {@code staying}, {@code demoting}) while the season
	 * runs, the result ({@code promoted}, {@code stayed}, {@code demoted}) once it ended,
	 * null without one.
	 */
	@Schema(name = "LeagueStanding")
	public record Standing(@Nullable Long rank, long score, @Nullable String outcome) {
	}

	@Schema(name = "LeagueEntry")
	public record Entry(long rank, String userId, @Nullable String displayName, long score) {
	}

	LeagueView withUser(Standing standing) {
		return new LeagueView(this.period, this.seasonStart, this.endsAt, this.tier, this.tierIndex, this.group,
				this.members, this.promote, this.demoteBelow, standing, this.entries);
	}

}
