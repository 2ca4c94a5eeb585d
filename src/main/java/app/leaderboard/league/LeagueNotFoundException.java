package app.leaderboard.league;

import java.time.LocalDate;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** A league read of a tier, group or membership that does not exist: 404. */
class LeagueNotFoundException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	private LeagueNotFoundException(String title, String detail) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, title, detail), null);
	}

	static LeagueNotFoundException unknownTier(String tier) {
		return new LeagueNotFoundException("Unknown tier", "There is no league tier '" + tier + "'.");
	}

	static LeagueNotFoundException noGroup(String tier, String group, LocalDate seasonStart) {
		return new LeagueNotFoundException("No such group",
				"Group " + group + " of tier '" + tier + "' does not exist in the season of " + seasonStart + ".");
	}

	static LeagueNotFoundException notInSeason(String userId, LocalDate seasonStart) {
		return new LeagueNotFoundException("Not in this season",
				"User '" + userId + "' has no league group in the season of " + seasonStart
						+ ": they recorded no pomodoro in it " + "while visible.");
	}

}
