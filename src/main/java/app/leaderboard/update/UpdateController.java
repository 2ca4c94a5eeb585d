package app.leaderboard.update;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.core.Stats;
import app.leaderboard.http.InvalidRequestException;
import app.leaderboard.http.security.UpdatePermission;

/**
 * {@code POST /api/redis-leaderboard/update}: a user finished pomodoros. The body is
 * checked first, then whether the caller's token may write for that user (403), then the
 * user's rate limit (429), so neither a bad body nor someone else's token can use up a
 * user's limit.
 */
@RestController
class UpdateController {

	private final ScoreRecorder recorder;

	private final UpdatePermission permission;

	private final UpdateRateLimiter rateLimiter;

	private final int maxCount;

	UpdateController(ScoreRecorder recorder, UpdatePermission permission, UpdateRateLimiter rateLimiter,
			LeaderboardProperties properties) {
		this.recorder = recorder;
		this.permission = permission;
		this.rateLimiter = rateLimiter;
		this.maxCount = properties.maxCount();
	}

	@Operation(operationId = "update",
			summary = "Add finished pomodoros to a user's daily, weekly, monthly and yearly totals",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = UpdateRequest.class),
							examples = @ExampleObject("{\"user_id\": \"alice\", \"count\": 2}"))))
	@PostMapping(path = "/api/redis-leaderboard/update", consumes = MediaType.APPLICATION_JSON_VALUE)
	Stats update(@RequestBody JsonNode body, @Parameter(
			description = "Repeats with the same key are applied once (1 to 128 printable characters)") @RequestHeader(
					name = "Idempotency-Key", required = false) String idempotencyKey) {
		UpdateRequest request = UpdateRequest.from(body, this.maxCount);
		String key = validKey(idempotencyKey);
		this.permission.check(request.userId(), request.org());
		this.rateLimiter.acquire(request.userId());
		return this.recorder.record(request, key);
	}

	private static @Nullable String validKey(@Nullable String key) {
		if (key == null) {
			return null;
		}
		if (key.isEmpty() || key.length() > 128 || !key.chars().allMatch((c) -> c >= 0x20 && c < 0x7f)) {
			throw new InvalidRequestException("Idempotency-Key must be 1 to 128 printable ASCII characters.");
		}
		return key;
	}

}
