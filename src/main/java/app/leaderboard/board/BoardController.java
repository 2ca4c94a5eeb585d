package app.leaderboard.board;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import app.leaderboard.period.Scope;
import app.leaderboard.totals.Stats;
import app.leaderboard.score.UpdateRequest;
import app.leaderboard.web.InvalidRequestException;

/** The public reads: a board, a user's stats and a user's rank. */
@RestController
@RequestMapping("/api/redis-leaderboard")
class BoardController {

	private final BoardReader reader;

	private final BoardSelector boards;

	private final ScopeParameters scopes;

	BoardController(BoardReader reader, BoardSelector boards, ScopeParameters scopes) {
		this.reader = reader;
		this.boards = boards;
		this.scopes = scopes;
	}

	@Operation(summary = "A page of a daily, weekly, monthly or yearly board",
			description = "The current board, or with `date` the board of the period that contains that day "
					+ "(in LEADERBOARD_TIME_ZONE). 400 for a date after today or not YYYY-MM-DD; 404 for a daily "
					+ "board past LEADERBOARD_DAILY_RETENTION_DAYS.")
	@GetMapping("/{period}")
	ResponseEntity<BoardPage> board(
			@Parameter(description = "daily, weekly, monthly or yearly", example = "daily") @PathVariable String period,
			@Parameter(description = "1 to 1000, default 10",
					example = "10") @RequestParam(required = false) String limit,
			@Parameter(description = "0 or more, default 0",
					example = "0") @RequestParam(required = false) String offset,
			@Parameter(description = DATE, example = "2026-11-24") @RequestParam(required = false) String date,
			@Parameter(description = REGION) @RequestParam(required = false) String region,
			@Parameter(description = ORG) @RequestParam(required = false) String org) {
		int size = (int) number("limit", limit, 10, 1, 1000);
		long from = number("offset", offset, 0, 0, Long.MAX_VALUE / 2);
		Scope scope = this.scopes.readable(region, org);
		return respond(this.reader.board(this.boards.select(period, date).in(scope), size, from));
	}

	/** The documentation of every read's {@code date} parameter. */
	static final String REGION = "a region's board instead of everyone's";

	static final String ORG = "an organisation's board (with JWTs on: needs a token with its org claim)";

	static final String DATE = "A day (YYYY-MM-DD, not after today): read the board of the period that contains it "
			+ "instead of the current one";

	@Operation(summary = "A user's pomodoros in the current periods")
	@GetMapping("/user/{userId}")
	ResponseEntity<Stats> user(@PathVariable String userId) {
		return respond(this.reader.user(UpdateRequest.requireUserId(userId)));
	}

	@Operation(summary = "A user's competition rank and top percent on a board",
			description = "top_percent is ceil(10000 * rank / total) / 100; rank and top_percent are null while "
					+ "the user's score is 0. With `date`, the rank on that day's period board.")
	@GetMapping("/user/{userId}/rank/{period}")
	ResponseEntity<UserRank> rank(@Parameter(example = "alice") @PathVariable String userId,
			@Parameter(description = "daily, weekly, monthly or yearly", example = "daily") @PathVariable String period,
			@Parameter(description = DATE, example = "2026-11-24") @RequestParam(required = false) String date,
			@Parameter(description = REGION) @RequestParam(required = false) String region,
			@Parameter(description = ORG) @RequestParam(required = false) String org) {
		String user = UpdateRequest.requireUserId(userId);
		Scope scope = this.scopes.readable(region, org);
		return respond(this.reader.rank(user, this.boards.select(period, date).in(scope)));
	}

	static long number(String name, String value, long fallback, long min, long max) {
		if (value == null) {
			return fallback;
		}
		try {
			long parsed = Long.parseLong(value.trim());
			if (parsed >= min && parsed <= max) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidRequestException(name + " must be a whole number from " + min
				+ ((max < Long.MAX_VALUE / 2) ? " to " + max : " up") + ".");
	}

	static <T> ResponseEntity<T> respond(Sourced<T> read) {
		return ResponseEntity.ok().header(Source.HEADER, read.source().header()).body(read.value());
	}

}
