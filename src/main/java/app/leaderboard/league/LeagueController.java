package app.leaderboard.league;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import app.leaderboard.core.UserIds;
import app.leaderboard.read.Source;
import app.leaderboard.read.Sourced;

/** The league reads: a user's group in a season, and a group by tier and number. */
@RestController
@RequestMapping("/api/redis-leaderboard/leagues")
class LeagueController {

	private static final String DATE = "A day (YYYY-MM-DD, not after today): the season that contains it instead of "
			+ "the current one";

	private final LeagueReader reader;

	LeagueController(LeagueReader reader) {
		this.reader = reader;
	}

	@Operation(operationId = "userLeague", summary = "A user's league group in a season, with their standing",
			description = "outcome is the projection (promoting, staying, demoting) in the current season and the "
					+ "result (promoted, stayed, demoted) in a past one. 404 for an unknown user, and for a user "
					+ "with no group in that season.")
	@ApiResponse(responseCode = "200", description = "The user's group, with their standing",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = LeagueView.class)))
	@ApiResponse(responseCode = "404",
			description = "Unknown user, or a user with no group in that season (or daily "
					+ "seasons, with a date whose board LEADERBOARD_DAILY_RETENTION_DAYS deleted)")
	@GetMapping("/user/{userId}")
	ResponseEntity<LeagueView> user(
			@Parameter(example = "alice") @PathVariable @Pattern(regexp = UserIds.REGEXP,
					message = UserIds.RULE) String userId,
			@Parameter(description = DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date) {
		return respond(this.reader.user(userId, date));
	}

	@Operation(operationId = "leagueGroup", summary = "A league group of a season",
			description = "404 for an unknown tier or a group that does not exist in that season.")
	@ApiResponse(responseCode = "200", description = "The group",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = LeagueView.class)))
	@ApiResponse(responseCode = "404",
			description = "Unknown tier, or no such group in that season (or daily "
					+ "seasons, with a date whose board LEADERBOARD_DAILY_RETENTION_DAYS deleted)")
	@GetMapping("/{tier}/{group}")
	ResponseEntity<LeagueView> group(@Parameter(example = "silver") @PathVariable String tier,
			@Parameter(example = "3") @PathVariable String group, @Parameter(description = DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date) {
		return respond(this.reader.group(tier, group, date));
	}

	private static <T> ResponseEntity<T> respond(Sourced<T> read) {
		return ResponseEntity.ok().header(Source.HEADER, read.source().header()).body(read.value());
	}

}
