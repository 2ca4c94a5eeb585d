package app.leaderboard.update;

import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import app.leaderboard.core.Stats;
import app.leaderboard.core.UserIds;
import app.leaderboard.http.InvalidRequestException;
import app.leaderboard.http.security.UpdatePermission;

/**
 * {@code PUT /api/redis-leaderboard/user/{user_id}/name}: a user sets or clears the name
 * people see, without recording a pomodoro. The body is checked first (400), then whether
 * the caller's token may write for that user (401, 403), then whether the user exists
 * (404).
 */
@RestController
class NameController {

	private final NameChanges names;

	private final UpdatePermission permission;

	NameController(NameChanges names, UpdatePermission permission) {
		this.names = names;
		this.permission = permission;
	}

	@Operation(operationId = "rename", summary = "Set (or with null clear) the name people see for a user",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
					content = @Content(schema = @Schema(implementation = NameBody.class),
							examples = @ExampleObject("{\"display_name\": \"Alice 🍅\"}"))))
	@PutMapping(path = "/api/redis-leaderboard/user/{userId}/name", consumes = MediaType.APPLICATION_JSON_VALUE)
	Stats rename(@PathVariable @Pattern(regexp = UserIds.REGEXP, message = UserIds.RULE) String userId,
			@RequestBody JsonNode body) {
		if (body == null || !body.isObject() || !body.has("display_name")) {
			throw new InvalidRequestException(
					"The body must be a JSON object with display_name: a string, or null to clear the name.");
		}
		String name = UpdateRequest.displayName(body);
		this.permission.check(userId);
		return this.names.set(userId, name);
	}

	/**
	 * The body's shape, for the OpenAPI document only: the body is read as a JSON tree so
	 * that an absent name (400) is told apart from null (clear it).
	 */
	@Schema(name = "NameRequest", description = "The name people see for a user")
	record NameBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED,
			description = "The name (trimmed; see docs/api.md for what is allowed), or null to clear it",
			example = "Alice") @Nullable String displayName) {
	}

}
