package app.leaderboard.read;

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

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.core.Stats;
import app.leaderboard.core.UserIds;

/**
 * The public reads: a board, a user's stats and a user's rank. Spring MVC parses the
 * parameters ({@link PeriodConverter}, numbers) and checks their rules; a value that
 * breaks one is a 400 whose detail is the rule's message.
 */
@RestController
@RequestMapping("/api/redis-leaderboard")
class BoardController {

	static final String LIMIT_RULE = "limit must be a whole number from 1 to 1000.";

	static final String OFFSET_RULE = "offset must be a whole number from 0 up.";

	/** Far beyond any board, and small enough that offset plus limit cannot overflow. */
	static final long MAX_OFFSET = Long.MAX_VALUE / 2;

	/** The documentation of every read's {@code region} parameter. */
	static final String REGION = "A region: read that region's board instead of everyone's";

	/** The documentation of every read's {@code org} parameter. */
	static final String ORG = "An organisation: read its board instead of everyone's (with JWTs on: needs a token "
			+ "whose org claim names it, or the scope leaderboard:read-any)";

	/** The documentation of every read's {@code date} parameter. */
	static final String DATE = "A day (YYYY-MM-DD, not after today): read the board of the period that contains it "
			+ "instead of the current one";

	private final BoardReader reader;

	private final BoardSelector boards;

	private final ScopeParameters scopes;

	BoardController(BoardReader reader, BoardSelector boards, ScopeParameters scopes) {
		this.reader = reader;
		this.boards = boards;
		this.scopes = scopes;
	}

	@Operation(operationId = "board", summary = "A page of a daily, weekly, monthly or yearly board",
			description = "The current board, or with `date` the board of the period that contains that day "
					+ "(in LEADERBOARD_TIME_ZONE). 400 for a date after today or not YYYY-MM-DD; 404 for a daily "
					+ "board past LEADERBOARD_DAILY_RETENTION_DAYS.")
	@GetMapping("/{period}")
	ResponseEntity<BoardPage> board(
			@Parameter(description = "daily, weekly, monthly or yearly", example = "daily") @PathVariable Period period,
			@Parameter(description = "1 to 1000, default 10", example = "10") @RequestParam(required = false) @Min(
					value = 1, message = LIMIT_RULE) @Max(value = 1000, message = LIMIT_RULE) @Nullable Integer limit,
			@Parameter(description = "0 or more, default 0", example = "0") @RequestParam(required = false) @Min(
					value = 0,
					message = OFFSET_RULE) @Max(value = MAX_OFFSET, message = OFFSET_RULE) @Nullable Long offset,
			@Parameter(description = DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date,
			@Parameter(description = REGION, example = "eu") @RequestParam(required = false) @Nullable String region,
			@Parameter(description = ORG, example = "acme") @RequestParam(required = false) @Nullable String org) {
		Scope scope = this.scopes.readable(region, org);
		return respond(this.reader.board(this.boards.select(period, date).in(scope), (limit != null) ? limit : 10,
				(offset != null) ? offset : 0));
	}

	@Operation(operationId = "user", summary = "A user's pomodoros in the current periods")
	@GetMapping("/user/{userId}")
	ResponseEntity<Stats> user(@PathVariable @Pattern(regexp = UserIds.REGEXP, message = UserIds.RULE) String userId) {
		return respond(this.reader.user(userId));
	}

	@Operation(operationId = "rank", summary = "A user's competition rank and top percent on a board",
			description = "top_percent is ceil(10000 * rank / total) / 100; rank and top_percent are null while "
					+ "the user's score is 0. With `date`, the rank on that day's period board.")
	@GetMapping("/user/{userId}/rank/{period}")
	ResponseEntity<UserRank> rank(
			@Parameter(example = "alice") @PathVariable @Pattern(regexp = UserIds.REGEXP,
					message = UserIds.RULE) String userId,
			@Parameter(description = "daily, weekly, monthly or yearly", example = "daily") @PathVariable Period period,
			@Parameter(description = DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date,
			@Parameter(description = REGION, example = "eu") @RequestParam(required = false) @Nullable String region,
			@Parameter(description = ORG, example = "acme") @RequestParam(required = false) @Nullable String org) {
		Scope scope = this.scopes.readable(region, org);
		return respond(this.reader.rank(userId, this.boards.select(period, date).in(scope)));
	}

	static <T> ResponseEntity<T> respond(Sourced<T> read) {
		return ResponseEntity.ok().header(Source.HEADER, read.source().header()).body(read.value());
	}

}
