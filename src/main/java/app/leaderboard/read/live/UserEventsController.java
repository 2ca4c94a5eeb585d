package app.leaderboard.read.live;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
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
import app.leaderboard.core.UserIds;
import app.leaderboard.http.InvalidRequestException;
import app.leaderboard.http.security.ClientIdentity;
import app.leaderboard.http.security.ScopeAccess;
import app.leaderboard.read.ScopeParameters;
import app.leaderboard.read.Source;

/**
 * {@code GET /api/redis-leaderboard/user/{user_id}/events?period=daily}: one user's rank
 * on a board as server-sent events (docs/api.md), at once and whenever it changes.
 */
@RestController
@RequestMapping("/api/redis-leaderboard")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class UserEventsController {

	static final String PERIOD_RULE = "period is required: daily, weekly, monthly or yearly.";

	static final String EXAMPLE = "retry:2000\nevent:rank\ndata:{\"user_id\":\"alice\",\"period\":\"daily\","
			+ "\"period_start\":\"2026-11-25\",\"rank\":2,\"score\":3,\"total\":2,\"top_percent\":100.0,"
			+ "\"hidden\":false,\"overtaken_by\":[{\"user_id\":\"bob\",\"display_name\":null}]}\n\n";

	private final UserStreams streams;

	private final ScopeParameters scopes;

	private final ScopeAccess access;

	private final ClientIdentity clients;

	UserEventsController(UserStreams streams, ScopeParameters scopes, ScopeAccess access, ClientIdentity clients) {
		this.streams = streams;
		this.scopes = scopes;
		this.access = access;
		this.clients = clients;
	}

	@Operation(operationId = "userEvents",
			summary = "Personal feed: server-sent events with a user's rank whenever it changes", description = """
					A text/event-stream of events named `rank`: {user_id, period, period_start, rank, score, total, \
					top_percent, hidden, overtaken_by}. The first at once; then one within 2 s of any change of the \
					user's rank or score on the board (an update on any instance), at most one a second, and one \
					at each period boundary with the new period's standing. overtaken_by lists the users who \
					passed the user since the previous event ({user_id, display_name}), nearest first, at most 10. \
					With region or org the feed follows the user's current region or organisation. A hidden user's \
					feed says hidden true with rank null. A `: keep-alive` comment every 2 s. A client (the sub of \
					its token, else its address) holds at most LEADERBOARD_EVENTS_PER_CLIENT streams, these and the \
					board feeds together: one more is 429 problem+json.""",
			responses = {
					@ApiResponse(responseCode = "200", description = "the event stream",
							content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
									schema = @Schema(type = "string", example = EXAMPLE))),
					@ApiResponse(responseCode = "400", description = "no or unknown period, bad user id, region or org",
							content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
					@ApiResponse(responseCode = "404", description = "unknown user",
							content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
					@ApiResponse(responseCode = "429", description = "this client holds as many streams as it may",
							content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)) })
	@GetMapping("/user/{userId}/events")
	ResponseEntity<SseEmitter> events(
			@Parameter(example = "alice") @PathVariable @Pattern(regexp = UserIds.REGEXP,
					message = UserIds.RULE) String userId,
			@Parameter(description = "daily, weekly, monthly or yearly", required = true,
					example = "daily") @RequestParam(name = "period", required = false) @Nullable String periodId,
			@Parameter(description = "a region: the user's standing in their region") @RequestParam(
					required = false) @Nullable String region,
			@Parameter(description = "an organisation: the user's standing in their organisation (with JWTs on: "
					+ "needs a token whose org claim names it, or the scope leaderboard:read-any)") @RequestParam(
							required = false) @Nullable String org,
			HttpServletRequest request) {
		// read here, not by the converter of path variables: an absent or empty period
		// says
		// what is missing, and a query value is as strict as a path's (lowercase only)
		if (periodId == null || periodId.isEmpty()) {
			throw new InvalidRequestException(PERIOD_RULE);
		}
		Period period = Period.fromId(periodId)
			.orElseThrow(() -> new InvalidRequestException("Unknown period; use daily, weekly, monthly or yearly."));
		Scope scope = this.scopes.readable(region, org);
		UserStreams.Opened opened = this.streams.open(userId, period, scope, this.clients.of(request),
				this.access.readableOrgs());
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.cacheControl(CacheControl.noStore())
			.header(Source.HEADER, opened.source())
			// proxies such as nginx would otherwise buffer the stream
			.header("X-Accel-Buffering", "no")
			.body(opened.emitter());
	}

}
