package app.leaderboard.board;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import app.leaderboard.period.Period;
import app.leaderboard.period.Scope;
import app.leaderboard.totals.Stats;
import app.leaderboard.score.UpdateRequest;
import app.leaderboard.web.InvalidRequestException;

/** The public reads: a board, a user's stats and a user's rank. */
@RestController
@RequestMapping("/api/redis-leaderboard")
class BoardController {

	private final BoardReader reader;

	private final ScopeParameters scopes;

	BoardController(BoardReader reader, ScopeParameters scopes) {
		this.reader = reader;
		this.scopes = scopes;
	}

	@Operation(summary = "A page of the current daily, weekly, monthly or yearly board")
	@GetMapping("/{period}")
	ResponseEntity<BoardPage> board(
			@Parameter(description = "daily, weekly, monthly or yearly") @PathVariable String period,
			@Parameter(description = "1 to 1000, default 10") @RequestParam(required = false) String limit,
			@Parameter(description = "0 or more, default 0") @RequestParam(required = false) String offset,
			@Parameter(description = "a region's board instead of everyone's") @RequestParam(
					required = false) String region,
			@Parameter(description = "an organisation's board (with JWT on: needs its org claim)") @RequestParam(
					required = false) String org) {
		Period chosen = period(period);
		Scope scope = this.scopes.readable(region, org);
		return respond(this.reader.board(chosen, scope, (int) number("limit", limit, 10, 1, 1000),
				number("offset", offset, 0, 0, Long.MAX_VALUE / 2)));
	}

	@Operation(summary = "A user's pomodoros in the current periods")
	@GetMapping("/user/{userId}")
	ResponseEntity<Stats> user(@PathVariable String userId) {
		return respond(this.reader.user(UpdateRequest.requireUserId(userId)));
	}

	@Operation(summary = "A user's competition rank on a current board")
	@GetMapping("/user/{userId}/rank/{period}")
	ResponseEntity<UserRank> rank(@PathVariable String userId, @PathVariable String period,
			@RequestParam(required = false) String region, @RequestParam(required = false) String org) {
		String id = UpdateRequest.requireUserId(userId);
		Period chosen = period(period);
		return respond(this.reader.rank(id, chosen, this.scopes.readable(region, org)));
	}

	static Period period(String id) {
		return Period.fromId(id)
			.orElseThrow(() -> new InvalidRequestException(
					"Unknown period '" + id + "'; use daily, weekly, monthly or yearly."));
	}

	private static long number(String name, String value, long fallback, long min, long max) {
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

	private static <T> ResponseEntity<T> respond(Sourced<T> read) {
		return ResponseEntity.ok().header(Source.HEADER, read.source().header()).body(read.value());
	}

}
