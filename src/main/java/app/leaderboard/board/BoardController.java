package app.leaderboard.board;

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

import app.leaderboard.period.Period;
import app.leaderboard.totals.Stats;
import app.leaderboard.totals.UserIds;

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

	private final BoardReader reader;

	BoardController(BoardReader reader) {
		this.reader = reader;
	}

	@Operation(summary = "A page of the current daily, weekly, monthly or yearly board")
	@GetMapping("/{period}")
	ResponseEntity<BoardPage> board(
			@Parameter(description = "daily, weekly, monthly or yearly") @PathVariable Period period,
			@Parameter(description = "1 to 1000, default 10") @RequestParam(required = false) @Min(value = 1,
					message = LIMIT_RULE) @Max(value = 1000, message = LIMIT_RULE) @Nullable Integer limit,
			@Parameter(description = "0 or more, default 0") @RequestParam(required = false) @Min(value = 0,
					message = OFFSET_RULE) @Max(value = MAX_OFFSET, message = OFFSET_RULE) @Nullable Long offset) {
		return respond(this.reader.board(period, (limit != null) ? limit : 10, (offset != null) ? offset : 0));
	}

	@Operation(summary = "A user's pomodoros in the current periods")
	@GetMapping("/user/{userId}")
	ResponseEntity<Stats> user(@PathVariable @Pattern(regexp = UserIds.REGEXP, message = UserIds.RULE) String userId) {
		return respond(this.reader.user(userId));
	}

	@Operation(summary = "A user's competition rank on a current board")
	@GetMapping("/user/{userId}/rank/{period}")
	ResponseEntity<UserRank> rank(@PathVariable @Pattern(regexp = UserIds.REGEXP, message = UserIds.RULE) String userId,
			@PathVariable Period period) {
		return respond(this.reader.rank(userId, period));
	}

	private static <T> ResponseEntity<T> respond(Sourced<T> read) {
		return ResponseEntity.ok().header(Source.HEADER, read.source().header()).body(read.value());
	}

}
