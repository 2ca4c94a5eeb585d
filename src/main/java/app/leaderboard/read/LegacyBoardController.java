package app.leaderboard.read;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import app.leaderboard.core.Period;
import app.leaderboard.http.InvalidRequestException;

/**
 * {@code GET /api/leaderboard/{period}}: the old app's direct-PostgreSQL board, served
 * during migration phases 1 and 2 (docs/migration.md) while
 * {@code LEADERBOARD_LEGACY_API} is true. It always reads PostgreSQL, so it keeps
 * answering exactly as before whatever state Redis is in; its parameters and body are
 * those of the new board read. With the setting false this controller does not exist and
 * the path is a 404.
 */
@RestController
@ConditionalOnBooleanProperty(name = "leaderboard.legacy-api", matchIfMissing = true)
class LegacyBoardController {

	private final PostgresBoardReader reader;

	LegacyBoardController(PostgresBoardReader reader) {
		this.reader = reader;
	}

	@Deprecated
	@Operation(operationId = "legacyBoard", deprecated = true,
			summary = "Legacy: a page of a current board, always read from PostgreSQL (use /api/redis-leaderboard/{period})")
	@GetMapping("/api/leaderboard/{period}")
	ResponseEntity<BoardPage> board(
			@Parameter(description = "daily, weekly, monthly or yearly") @PathVariable Period period,
			@Parameter(description = "1 to 1000, default 10") @RequestParam(required = false) String limit,
			@Parameter(description = "0 or more, default 0") @RequestParam(required = false) String offset) {
		BoardPage page = this.reader.board(period, (int) number("limit", limit, 10, 1, 1000),
				number("offset", offset, 0, 0, Long.MAX_VALUE / 2));
		return ResponseEntity.ok().header(Source.HEADER, Source.POSTGRES.header()).body(page);
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

}
