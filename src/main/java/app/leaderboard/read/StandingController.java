package app.leaderboard.read;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
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
import app.leaderboard.core.UserIds;
import app.leaderboard.http.InvalidRequestException;

/** Reads relative to users: around a user, a friends list, a user's daily history. */
@RestController
@RequestMapping("/api/redis-leaderboard")
class StandingController {

	/** Most ids one friends read may carry, duplicates counted. */
	static final int MAX_IDS = 100;

	static final int MAX_RADIUS = 50;

	static final int MAX_HISTORY_DAYS = 366;

	static final String RADIUS_RULE = "radius must be a whole number from 0 to 50.";

	static final String DAYS_RULE = "days must be a whole number from 1 to 366.";

	// examples for the OpenAPI description, from the real run in docs/api.md

	static final String AROUND_EXAMPLE = """
			{"user_id":"user-3","period":"weekly","period_start":"2026-11-23","rank":4,"score":3,"total":9,
			 "top_percent":44.45,"entries":[{"rank":2,"user_id":"user-16","display_name":null,"score":4},
			 {"rank":4,"user_id":"user-28","display_name":null,"score":3},{"rank":4,"user_id":"user-3","display_name":null,"score":3},
			 {"rank":4,"user_id":"user-21","display_name":null,"score":3},{"rank":7,"user_id":"alice","display_name":"Alice","score":2}]}""";

	static final String USERS_EXAMPLE = """
			{"period":"daily","period_start":"2026-11-26","entries":[{"rank":1,"user_id":"alice","display_name":"Alice","score":2},
			 {"rank":null,"user_id":"user-12","display_name":null,"score":0},{"rank":null,"user_id":"user-3","display_name":null,"score":0}]}""";

	static final String HISTORY_EXAMPLE = """
			{"user_id":"user-3","period":"daily","entries":[{"period_start":"2026-11-24","score":0},
			 {"period_start":"2026-11-25","score":1},{"period_start":"2026-11-26","score":0}]}""";

	private final StandingReader reader;

	private final BoardSelector boards;

	private final ScopeParameters scopes;

	private final EntryNames names;

	StandingController(StandingReader reader, BoardSelector boards, ScopeParameters scopes, EntryNames names) {
		this.names = names;
		this.reader = reader;
		this.boards = boards;
		this.scopes = scopes;
	}

	@Operation(operationId = "around", summary = "The board positions around a user",
			description = "Up to `radius` positions above the user, the user, and up to `radius` below, in board "
					+ "order with competition ranks; fewer at either end of the board. A known user with no "
					+ "score in the period: rank and top_percent null, entries empty. Unknown user: 404.")
	@ApiResponse(responseCode = "200", description = "The window",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = AroundView.class),
					examples = @ExampleObject(value = AROUND_EXAMPLE)))
	@ApiResponse(responseCode = "400", description = "Bad radius, period or date",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "404", description = "Unknown user, or a daily board past retention",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/user/{userId}/around/{period}")
	ResponseEntity<AroundView> around(
			@Parameter(example = "alice") @PathVariable @Pattern(regexp = UserIds.REGEXP,
					message = UserIds.RULE) String userId,
			@Parameter(description = "daily, weekly, monthly or yearly", example = "daily") @PathVariable Period period,
			@Parameter(description = "0 to 50, default 5", example = "2") @RequestParam(required = false) @Min(
					value = 0,
					message = RADIUS_RULE) @Max(value = MAX_RADIUS, message = RADIUS_RULE) @Nullable Integer radius,
			@Parameter(description = BoardController.DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date,
			@Parameter(description = BoardController.REGION,
					example = "eu") @RequestParam(required = false) @Nullable String region,
			@Parameter(description = BoardController.ORG,
					example = "acme") @RequestParam(required = false) @Nullable String org) {
		Scope scope = this.scopes.readable(region, org);
		return BoardController.respond(this.names.around(
				this.reader.around(userId, this.boards.select(period, date).in(scope), (radius != null) ? radius : 5)));
	}

	@Operation(operationId = "users", summary = "Several users on one board (a friends list)",
			description = "Each known id once, with its rank on the whole board and its score, in board order; "
					+ "known users with no score on the board last (rank null, score 0), by user_id. Unknown "
					+ "and hidden ids are left out. 1 to 100 ids, duplicates counted. With `region` or `org`, "
					+ "ranks on that scope's board.")
	@ApiResponse(responseCode = "200", description = "The known users",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = UsersView.class),
					examples = @ExampleObject(value = USERS_EXAMPLE)))
	@ApiResponse(responseCode = "400",
			description = "No ids, more than 100, an empty or invalid one; bad " + "period or date",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/{period}/users")
	ResponseEntity<UsersView> users(
			@Parameter(description = "daily, weekly, monthly or yearly", example = "daily") @PathVariable Period period,
			// required in the document; optional for Spring MVC, so that its absence is
			// told with the rule (ids())
			@Parameter(description = "1 to 100 user ids, comma-separated", required = true,
					example = "alice,bob,carol") @RequestParam(required = false) @Nullable String ids,
			@Parameter(description = BoardController.DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date,
			@Parameter(description = BoardController.REGION,
					example = "eu") @RequestParam(required = false) @Nullable String region,
			@Parameter(description = BoardController.ORG,
					example = "acme") @RequestParam(required = false) @Nullable String org) {
		List<String> distinct = ids(ids);
		Scope scope = this.scopes.readable(region, org);
		return BoardController
			.respond(this.names.users(this.reader.users(this.boards.select(period, date).in(scope), distinct)));
	}

	@Operation(operationId = "dailyHistory", summary = "A user's daily totals of the last days (for a chart)",
			description = "One entry per day, oldest first, up to today, score 0 for a day without pomodoros; "
					+ "days past LEADERBOARD_DAILY_RETENTION_DAYS are left out. Read from PostgreSQL.")
	@ApiResponse(responseCode = "200", description = "One entry per day",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = HistoryView.class),
					examples = @ExampleObject(value = HISTORY_EXAMPLE)))
	@ApiResponse(responseCode = "404", description = "Unknown user",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping("/user/{userId}/history/daily")
	ResponseEntity<HistoryView> dailyHistory(
			@Parameter(example = "alice") @PathVariable @Pattern(regexp = UserIds.REGEXP,
					message = UserIds.RULE) String userId,
			@Parameter(description = "1 to 366, default 30", example = "30") @RequestParam(required = false) @Min(
					value = 1,
					message = DAYS_RULE) @Max(value = MAX_HISTORY_DAYS, message = DAYS_RULE) @Nullable Integer days) {
		return BoardController.respond(this.reader.dailyHistory(userId, (days != null) ? days : 30));
	}

	/** The distinct ids of {@code ids=a,b,c}, in the order given. */
	static List<String> ids(@Nullable String ids) {
		if (ids == null || ids.isEmpty()) {
			throw new InvalidRequestException("ids is required: 1 to " + MAX_IDS + " comma-separated user ids.");
		}
		String[] parts = ids.split(",", -1);
		if (parts.length > MAX_IDS) {
			throw new InvalidRequestException(
					"ids holds " + parts.length + " ids; at most " + MAX_IDS + " are allowed (duplicates count).");
		}
		Set<String> distinct = new LinkedHashSet<>();
		for (int i = 0; i < parts.length; i++) {
			if (parts[i].isEmpty()) {
				throw new InvalidRequestException(
						"ids holds an empty id (at position " + (i + 1) + "); write them as ids=alice,bob,carol.");
			}
			if (!UserIds.valid(parts[i])) {
				throw new InvalidRequestException("The id at position " + (i + 1) + " of ids is not a valid user id: "
						+ "1 to 64 characters of letters, digits and _ . @ : + -");
			}
			distinct.add(parts[i]);
		}
		return new ArrayList<>(distinct);
	}

}
