package app.leaderboard.read.live;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.http.security.ClientIdentity;
import app.leaderboard.read.ScopeParameters;
import app.leaderboard.read.Source;

/**
 * {@code GET /api/redis-leaderboard/{period}/events}: a board's first {@code limit}
 * entries as server-sent events whenever they change (docs/api.md), of everyone's board
 * or, with {@code region} or {@code org}, of a scope's. The path variable leaves out
 * {@code user}, so that {@code /user/events} stays the stats of a user called "events".
 */
@RestController
@RequestMapping("/api/redis-leaderboard")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class BoardEventsController {

	/** Entries per event at most: a live feed is for the top of a board. */
	static final int MAX_LIMIT = 100;

	static final String LIMIT_RULE = "limit must be a whole number from 1 to " + MAX_LIMIT + ".";

	private final BoardStreams streams;

	private final ScopeParameters scopes;

	private final ClientIdentity clients;

	BoardEventsController(BoardStreams streams, ScopeParameters scopes, ClientIdentity clients) {
		this.streams = streams;
		this.scopes = scopes;
		this.clients = clients;
	}

	@Operation(operationId = "boardEvents",
			summary = "Live board: server-sent events with the board's first entries whenever they change",
			description = """
					A text/event-stream. On connect it sends `event: source` (`redis` or `postgres`, where the \
					reads come from) and `event: board` with the body of GET /{period}?limit=N&offset=0; then a \
					`board` event whenever those entries change (after an update on any instance: the instances \
					share changes through Redis pub/sub), at most one per second per board, a `source` event when \
					the read source changes, and a `: keep-alive` comment every 2 s. The stream ends after 30 \
					minutes and when the service stops; browsers reconnect by themselves (`retry: 2000`). \
					A client (the sub of its token, else its address) holds at most LEADERBOARD_EVENTS_PER_CLIENT \
					streams, these and the personal feeds together: one more is 429 problem+json. Above the \
					instance's limit of open streams (leaderboard.events.max-streams, 200) the answer is 503 \
					problem+json with Retry-After.""",
			responses = { @ApiResponse(responseCode = "200", description = "the event stream",
					content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string",
							example = "retry:2000\nevent:source\ndata:redis\n\nevent:board\ndata:{\"period\":\"daily\",\"period_start\":\"2026-11-25\",\"resets_at\":\"2026-11-26T00:00:00Z\",\"total\":1,\"entries\":[{\"rank\":1,\"user_id\":\"alice\",\"score\":2}]}\n\n"))),
					@ApiResponse(responseCode = "400", description = "unknown period, bad limit, region or org",
							content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
					@ApiResponse(responseCode = "429", description = "this client holds as many streams as it may",
							content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
					@ApiResponse(responseCode = "503", description = "too many open streams, or reads unavailable",
							content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)) })
	@GetMapping("/{period:(?!user$).+}/events")
	ResponseEntity<SseEmitter> events(
			@Parameter(description = "daily, weekly, monthly or yearly") @PathVariable Period period,
			@Parameter(description = "entries per event, 1 to " + MAX_LIMIT + ", default 10") @RequestParam(
					required = false) @Min(value = 1,
							message = LIMIT_RULE) @Max(value = MAX_LIMIT, message = LIMIT_RULE) @Nullable Integer limit,
			@Parameter(description = "a region: that region's board instead of everyone's") @RequestParam(
					required = false) @Nullable String region,
			@Parameter(description = "an organisation: its board (with JWTs on: needs a token whose org claim "
					+ "names it, or the scope leaderboard:read-any)") @RequestParam(
							required = false) @Nullable String org,
			HttpServletRequest request) {
		Scope scope = this.scopes.readable(region, org);
		BoardStreams.Opened opened = this.streams.open(period, scope, (limit != null) ? limit : 10,
				this.clients.of(request));
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noStore())
			.header(Source.HEADER, opened.source())
			// proxies such as nginx would otherwise buffer the stream
			.header("X-Accel-Buffering", "no")
			.body(opened.emitter());
	}

}
