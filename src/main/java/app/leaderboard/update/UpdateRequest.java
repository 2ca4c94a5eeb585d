package app.leaderboard.update;

import java.math.BigInteger;

import tools.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

import app.leaderboard.core.DisplayNames;
import app.leaderboard.core.Scope;
import app.leaderboard.core.UserIds;
import app.leaderboard.http.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * A validated update: {@code {"user_id": "alice", "count": 2}}, optionally with
 * {@code "region"}, {@code "org"} and {@code "display_name"} (null: keep the user's). The
 * body is read as a JSON tree and checked by hand, because the usual binding would
 * quietly turn {@code 2.5} or {@code "2"} into a count. The {@code @Schema}s describe the
 * body in the OpenAPI document, which clients generate their types from.
 */
@Schema(name = "UpdateRequest", description = "Finished pomodoros to add to a user's totals")
record UpdateRequest(
		@Schema(requiredMode = RequiredMode.REQUIRED, description = "1 to 64 letters, digits and _ . @ : + -",
				example = "alice") String userId,
		@Schema(requiredMode = RequiredMode.REQUIRED,
				description = "A whole number from 1 to LEADERBOARD_MAX_COUNT (1000 by default)", minimum = "1",
				example = "2") int count,
		@Schema(requiredMode = RequiredMode.NOT_REQUIRED,
				description = "The user's region from now on (1 to 32 letters, digits and _ . -); "
						+ "absent or null keeps the one they have",
				example = "eu") @Nullable String region,
		@Schema(requiredMode = RequiredMode.NOT_REQUIRED,
				description = "The user's organisation from now on, as region", example = "acme") @Nullable String org,
		@Schema(requiredMode = RequiredMode.NOT_REQUIRED,
				description = "The name people see (null or absent keeps the user's)",
				example = "Alice") @Nullable String displayName) {

	UpdateRequest(String userId, int count) {
		this(userId, count, null, null, null);
	}

	UpdateRequest(String userId, int count, @Nullable String region, @Nullable String org) {
		this(userId, count, region, org, null);
	}

	public static UpdateRequest from(JsonNode body, int maxCount) {
		if (body == null || !body.isObject()) {
			throw new InvalidRequestException("The body must be a JSON object with user_id and count.");
		}
		JsonNode user = body.get("user_id");
		if (user == null || user.isNull() || !user.isString()) {
			throw new InvalidRequestException("user_id is required and must be a string.");
		}
		String userId = requireUserId(user.stringValue());
		JsonNode count = body.get("count");
		if (count == null || count.isNull()) {
			throw new InvalidRequestException("count is required.");
		}
		if (!count.isIntegralNumber()) {
			throw new InvalidRequestException("count must be a whole number from 1 to " + maxCount + ".");
		}
		BigInteger value = count.bigIntegerValue();
		if (value.compareTo(BigInteger.ONE) < 0 || value.compareTo(BigInteger.valueOf(maxCount)) > 0) {
			throw new InvalidRequestException("count must be a whole number from 1 to " + maxCount + ".");
		}
		return new UpdateRequest(userId, value.intValueExact(), scopeName(body, "region"), scopeName(body, "org"),
				displayName(body));
	}

	/**
	 * The {@code display_name} of a body: null when absent or null (keep the user's),
	 * stripped otherwise; 400 when it breaks {@link DisplayNames}' rule.
	 */
	static @Nullable String displayName(JsonNode body) {
		JsonNode value = body.get("display_name");
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new InvalidRequestException(DisplayNames.RULE);
		}
		return DisplayNames.valid(value.stringValue())
			.orElseThrow(() -> new InvalidRequestException(DisplayNames.RULE));
	}

	private static @Nullable String scopeName(JsonNode body, String field) {
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString() || !Scope.NAME.matcher(value.stringValue()).matches()) {
			throw new InvalidRequestException(
					field + " must be 1 to 32 characters of letters, digits and _ . - (or absent).");
		}
		return value.stringValue();
	}

	static String requireUserId(String userId) {
		if (!UserIds.valid(userId)) {
			throw new InvalidRequestException(UserIds.RULE);
		}
		return userId;
	}

	/** What an idempotency key is bound to: a repeat must carry the same request. */
	String fingerprint() {
		// unchanged for updates without scopes, so that keys taken before scopes existed
		// still match their repeats
		String scopes = (this.region == null && this.org == null) ? "" : "\n" + this.region + "\n" + this.org;
		String name = (this.displayName == null) ? "" : "\nname:" + this.displayName;
		return this.userId + "\n" + this.count + scopes + name;
	}

}
