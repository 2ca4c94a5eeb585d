package app.leaderboard.read;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.core.Stats;
import app.leaderboard.core.UserIds;
import app.leaderboard.http.JsonBody;

/**
 * The public reads: a board, a user's stats and a user's rank. Spring MVC parses the
 * period ({@link PeriodConverter}); the other parameters are checked by
 * {@link HotParameters}, with the rules and messages of the other reads' annotations; a
 * value that breaks one is a 400 whose detail is the rule's message.
 */
@RestController
@RequestMapping("/api/redis-leaderboard")
class BoardController {

	static final String LIMIT_RULE = "limit must be a whole number from 1 to 1000.";

	static final String OFFSET_RULE = "offset must be a whole number from 0 up.";

	/** Far beyond any board, and small enough that offset plus limit cannot overflow. */
	static final long MAX_OFFSET = Long.MAX_VALUE / 2;

	/**
	 * The documentation of the hot reads' {@code period}, on the method: an annotation on
	 * a parameter that Spring converts is compared, reflectively, with the cached
	 * converter's on every request (docs/development.md, "The read path's cost").
	 */
	static final String PERIOD = "daily, weekly, monthly or yearly";

	/** The documentation of every read's {@code region} parameter. */
	static final String REGION = "A region: read that region's board instead of everyone's";

	/** The documentation of every read's {@code org} parameter. */
	static final String ORG = "An organisation: read its board instead of everyone's (with JWTs on: needs a token "
			+ "whose org claim names it, or the scope leaderboard:read-any)";

	/** The documentation of every read's {@code date} parameter. */
	static final String DATE = "A day (YYYY-MM-DD, not after today): read the board of the period that contains it "
			+ "instead of the current one";

	private final BoardReader reader;

	private final BoardPages pages;

	private final BoardSelector boards;

	private final ScopeParameters scopes;

	/** The JSON of a rank and of a user's stats, each written by a writer made once. */
	private final ObjectWriter ranks;

	private final ObjectWriter stats;

	BoardController(BoardReader reader, BoardPages pages, BoardSelector boards, ScopeParameters scopes,
			JsonMapper json) {
		this.ranks = json.writerFor(UserRank.class);
		this.stats = json.writerFor(Stats.class);
		this.reader = reader;
		this.pages = pages;
		this.boards = boards;
		this.scopes = scopes;
	}

	@Operation(operationId = "board", summary = "A page of a daily, weekly, monthly or yearly board",
			description = "The current board, or with `date` the board of the period that contains that day "
					+ "(in LEADERBOARD_TIME_ZONE). 400 for a date after today or not YYYY-MM-DD; 404 for a daily "
					+ "board past LEADERBOARD_DAILY_RETENTION_DAYS.")
	@GetMapping("/{period}")
	@Parameter(name = "period", in = ParameterIn.PATH, description = PERIOD, example = "daily")
	ResponseEntity<JsonBody<BoardPage>> board(@PathVariable Period period,
			@Parameter(description = "1 to 1000, default 10", example = "10",
					schema = @Schema(type = "integer", format = "int32", minimum = "1",
							maximum = "1000")) @RequestParam(required = false) @Nullable String limit,
			@Parameter(description = "0 or more, default 0", example = "0",
					schema = @Schema(type = "integer", format = "int64", minimum = "0",
							maximum = "4611686018427387903")) @RequestParam(required = false) @Nullable String offset,
			@Parameter(description = DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date,
			@Parameter(description = REGION, example = "eu") @RequestParam(required = false) @Nullable String region,
			@Parameter(description = ORG, example = "acme") @RequestParam(required = false) @Nullable String org) {
		HotParameters.Page page = HotParameters.page(limit, offset);
		Scope scope = this.scopes.readable(region, org);
		return respond(this.pages.page(this.boards.select(period, date).in(scope), page.limit(), page.offset()));
	}

	@Operation(operationId = "user", summary = "A user's pomodoros in the current periods")
	@GetMapping("/user/{userId}")
	ResponseEntity<JsonBody<Stats>> user(
			@Parameter(schema = @Schema(type = "string", pattern = UserIds.REGEXP)) @PathVariable String userId) {
		return respond(encoded(this.reader.user(HotParameters.userId(userId)), this.stats));
	}

	@Operation(operationId = "rank", summary = "A user's competition rank and top percent on a board",
			description = "top_percent is ceil(10000 * rank / total) / 100; rank and top_percent are null while "
					+ "the user's score is 0. With `date`, the rank on that day's period board.")
	@GetMapping("/user/{userId}/rank/{period}")
	@Parameter(name = "period", in = ParameterIn.PATH, description = PERIOD, example = "daily")
	ResponseEntity<JsonBody<UserRank>> rank(
			@Parameter(example = "alice",
					schema = @Schema(type = "string", pattern = UserIds.REGEXP)) @PathVariable String userId,
			@PathVariable Period period,
			@Parameter(description = DATE,
					example = "2026-11-24") @RequestParam(required = false) @Nullable String date,
			@Parameter(description = REGION, example = "eu") @RequestParam(required = false) @Nullable String region,
			@Parameter(description = ORG, example = "acme") @RequestParam(required = false) @Nullable String org) {
		HotParameters.userId(userId);
		Scope scope = this.scopes.readable(region, org);
		return respond(encoded(this.reader.rank(userId, this.boards.select(period, date).in(scope)), this.ranks));
	}

	private static <T> Sourced<JsonBody<T>> encoded(Sourced<T> read, ObjectWriter writer) {
		return new Sourced<>(new JsonBody<>(writer.writeValueAsBytes(read.value())), read.source());
	}

	static <T> ResponseEntity<T> respond(Sourced<T> read) {
		return ResponseEntity.ok().header(Source.HEADER, read.source().header()).body(read.value());
	}

}
