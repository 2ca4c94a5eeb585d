package app.leaderboard.read;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.http.security.ScopeAccess;

/**
 * The team listings: regions and organisations ranked by the sum of their members' totals
 * (docs/api.md, "Team boards"). Paging and {@code date} as on a board. The path's period
 * is never {@code user}, so that {@code /user/regions} stays the stats of a user named
 * so.
 */
@RestController
@RequestMapping("/api/redis-leaderboard")
class TeamController {

	private static final String PERIOD = "{period:(?!user$).+}";

	static final String REGIONS_EXAMPLE = """
			{"period":"weekly","period_start":"2026-11-30","resets_at":"2026-12-07T00:00:00Z","total":3,"entries":[{"rank":1,"region":"us","score":9,"members":2},{"rank":2,"region":"apac","score":5,"members":2},{"rank":2,"region":"eu","score":5,"members":2}]}""";

	static final String ORGS_EXAMPLE = """
			{"period":"weekly","period_start":"2026-11-30","resets_at":"2026-12-07T00:00:00Z","total":2,"entries":[{"rank":1,"org":"acme","score":8,"members":2},{"rank":2,"org":"globex","score":2,"members":1}]}""";

	private final TeamReader reader;

	private final BoardSelector boards;

	private final ScopeAccess access;

	TeamController(TeamReader reader, BoardSelector boards, ScopeAccess access) {
		this.reader = reader;
		this.boards = boards;
		this.access = access;
	}

	@Operation(operationId = "regions", summary = "Regions ranked by the sum of their members' totals",
			description = "A region's score is the sum of the period's totals of the users whose current region it "
					+ "is, hidden users left out; members counts those with a score above 0. Regions with a score of "
					+ "0 are not listed. Ties share a rank and are listed by name.")
	@ApiResponse(responseCode = "200", description = "A page of the regions",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamPage.class),
					examples = @ExampleObject(value = REGIONS_EXAMPLE)))
	@ApiResponse(responseCode = "400", description = "Bad period, limit, offset or date",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/" + PERIOD + "/regions")
	ResponseEntity<TeamPage> regions(
			@Parameter(description = "daily, weekly, monthly or yearly",
					example = "weekly") @PathVariable Period period,
			@Parameter(description = "1 to 1000, default 10", example = "10") @RequestParam(required = false) @Min(
					value = 1, message = BoardController.LIMIT_RULE) @Max(value = 1000,
							message = BoardController.LIMIT_RULE) @Nullable Integer limit,
			@Parameter(description = "0 or more, default 0", example = "0") @RequestParam(required = false) @Min(
					value = 0, message = BoardController.OFFSET_RULE) @Max(value = BoardController.MAX_OFFSET,
							message = BoardController.OFFSET_RULE) @Nullable Long offset,
			@Parameter(description = BoardController.DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date) {
		return teams(Scope.Kind.REGION, period, limit, offset, date);
	}

	@Operation(operationId = "orgs", summary = "Organisations ranked by the sum of their members' totals",
			description = "As the regions' listing, for organisations. With JWTs on: needs a token with the scope "
					+ "leaderboard:read-any (401 without a valid token, 403 without the scope).")
	@ApiResponse(responseCode = "200", description = "A page of the organisations",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamPage.class),
					examples = @ExampleObject(value = ORGS_EXAMPLE)))
	@ApiResponse(responseCode = "400", description = "Bad period, limit, offset or date",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/" + PERIOD + "/orgs")
	ResponseEntity<TeamPage> orgs(
			@Parameter(description = "daily, weekly, monthly or yearly",
					example = "weekly") @PathVariable Period period,
			@Parameter(description = "1 to 1000, default 10", example = "10") @RequestParam(required = false) @Min(
					value = 1, message = BoardController.LIMIT_RULE) @Max(value = 1000,
							message = BoardController.LIMIT_RULE) @Nullable Integer limit,
			@Parameter(description = "0 or more, default 0", example = "0") @RequestParam(required = false) @Min(
					value = 0, message = BoardController.OFFSET_RULE) @Max(value = BoardController.MAX_OFFSET,
							message = BoardController.OFFSET_RULE) @Nullable Long offset,
			@Parameter(description = BoardController.DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date) {
		this.access.checkReadAll();
		return teams(Scope.Kind.ORG, period, limit, offset, date);
	}

	private ResponseEntity<TeamPage> teams(Scope.Kind kind, Period period, @Nullable Integer limit,
			@Nullable Long offset, @Nullable String date) {
		return BoardController.respond(this.reader.teams(this.boards.select(period, date), kind,
				(limit != null) ? limit : 10, (offset != null) ? offset : 0));
	}

}
