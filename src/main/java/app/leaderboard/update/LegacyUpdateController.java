package app.leaderboard.update;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
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

import app.leaderboard.core.Stats;

/**
 * {@code POST /api/leaderboard/update}: the old app's update path, served during
 * migration phases 1 and 2 (docs/migration.md) while {@code LEADERBOARD_LEGACY_API} is
 * true. It is the new update under its old name: the request goes through
 * {@link UpdateController} itself, so validation, JWT permission, rate limit and
 * idempotency are the same code (the security chain lists this path with the new one).
 */
@RestController
@ConditionalOnBooleanProperty(name = "leaderboard.legacy-api", matchIfMissing = true)
class LegacyUpdateController {

	private final UpdateController update;

	LegacyUpdateController(UpdateController update) {
		this.update = update;
	}

	@Deprecated
	@Operation(operationId = "legacyUpdate", deprecated = true,
			summary = "Legacy: add finished pomodoros, exactly as POST /api/redis-leaderboard/update does",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = UpdateRequest.class),
							examples = @ExampleObject("{\"user_id\": \"alice\", \"count\": 2}"))))
	@PostMapping(path = "/api/leaderboard/update", consumes = MediaType.APPLICATION_JSON_VALUE)
	Stats update(@RequestBody JsonNode body, @Parameter(
			description = "Repeats with the same key are applied once (1 to 128 printable characters)") @RequestHeader(
					name = "Idempotency-Key", required = false) String idempotencyKey) {
		return this.update.update(body, idempotencyKey);
	}

}
