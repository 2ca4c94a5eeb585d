package app.leaderboard.read;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import app.leaderboard.core.Scope;

/** {@code GET /api/redis-leaderboard/streaks}: the users on a streak, longest first. */
@RestController
@RequestMapping("/api/redis-leaderboard")
class StreakController {

	static final String EXAMPLE = """
			{"as_of":"2026-11-25","total":2,"entries":[{"rank":1,"user_id":"bob","display_name":null,
			 "streak":12,"last_day":"2026-11-24"},{"rank":2,"user_id":"alice","display_name":"Alice",
			 "streak":3,"last_day":"2026-11-25"}]}""";

	private final StreakReader reader;

	private final ScopeParameters scopes;

	StreakController(StreakReader reader, ScopeParameters scopes) {
		this.reader = reader;
		this.scopes = scopes;
	}

	@Operation(operationId = "streaks", summary = "The users on a streak, by current streak",
			description = "Users whose current streak is at least 1 (their last counting day is today or "
					+ "yesterday), by streak descending; ties share a competition rank and are listed by "
					+ "last_day, then user_id. Hidden users are left out.")
	@ApiResponse(responseCode = "200", description = "A page of the list",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = StreakList.class),
					examples = @ExampleObject(value = EXAMPLE)))
	@ApiResponse(responseCode = "400", description = "Bad limit, offset, region or org",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/streaks")
	ResponseEntity<StreakList> streaks(
			@Parameter(description = "1 to 1000, default 10", example = "10") @RequestParam(required = false) @Min(
					value = 1, message = BoardController.LIMIT_RULE) @Max(value = 1000,
							message = BoardController.LIMIT_RULE) @Nullable Integer limit,
			@Parameter(description = "0 or more, default 0", example = "0") @RequestParam(required = false) @Min(
					value = 0, message = BoardController.OFFSET_RULE) @Max(value = BoardController.MAX_OFFSET,
							message = BoardController.OFFSET_RULE) @Nullable Long offset,
			@Parameter(description = BoardController.REGION,
					example = "eu") @RequestParam(required = false) @Nullable String region,
			@Parameter(description = BoardController.ORG,
					example = "acme") @RequestParam(required = false) @Nullable String org) {
		Scope scope = this.scopes.readable(region, org);
		return BoardController
			.respond(this.reader.list(scope, (limit != null) ? limit : 10, (offset != null) ? offset : 0));
	}

}
