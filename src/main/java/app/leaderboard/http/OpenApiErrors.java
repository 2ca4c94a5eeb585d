package app.leaderboard.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The errors of the OpenAPI document ({@link OpenApiConfiguration}): the one shared
 * problem+json schema, the errors each operation can answer besides those its controller
 * names, and each error's content with an example.
 */
final class OpenApiErrors {

	/** The shared problem+json schema every 4xx and 5xx response refers to. */
	static final String PROBLEM = "Problem";

	private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

	private OpenApiErrors() {
	}

	static Schema<?> problemSchema() {
		Schema<?> problem = new ObjectSchema().description("An RFC 9457 problem: every error this service answers")
			.addProperty("type", new StringSchema().description("Always about:blank").example("about:blank"))
			.addProperty("title", new StringSchema().description("The HTTP status's phrase").example("Bad Request"))
			.addProperty("status", new IntegerSchema().description("The HTTP status").example(400))
			.addProperty("detail",
					new StringSchema().description("What was wrong, for a person to read")
						.example("limit must be between 1 and 1000"))
			.addProperty("instance", new StringSchema().description("The request's path, where it is known")
				.example("/api/redis-leaderboard/daily"));
		problem.setRequired(List.of("type", "title", "status", "detail"));
		return problem;
	}

	/** The errors an operation can answer besides those its controller names. */
	static void addErrors(String path, PathItem.HttpMethod method, Operation operation) {
		ApiResponses responses = operation.getResponses();
		boolean takesInput = (operation.getParameters() != null && !operation.getParameters().isEmpty())
				|| operation.getRequestBody() != null;
		if (takesInput) {
			addError(responses, HttpStatus.BAD_REQUEST, "A parameter or the body is not valid");
		}
		if (operation.getRequestBody() != null) {
			addError(responses, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body is not application/json");
			addError(responses, HttpStatus.CONTENT_TOO_LARGE, "The body is larger than the service accepts");
		}
		if (OpenApiConfiguration.isAdmin(path)) {
			addError(responses, HttpStatus.UNAUTHORIZED, "No admin token, or a wrong one");
		}
		else if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
			addError(responses, HttpStatus.UNAUTHORIZED, "Update tokens are configured and none was given");
			addError(responses, HttpStatus.FORBIDDEN, "The token may not update this user or organisation");
		}
		String notFound = notFound(path, method, operation);
		if (notFound != null) {
			addError(responses, HttpStatus.NOT_FOUND, notFound);
		}
		addError(responses, HttpStatus.INTERNAL_SERVER_ERROR, Problems.UNEXPECTED);
	}

	/**
	 * Why an operation can answer 404, if it can: a user who is not there (a read of one
	 * never recorded, a change to one who does not exist), and a {@code date} whose daily
	 * board retention has deleted ({@code BoardSelector}, for every read that takes one).
	 */
	private static @Nullable String notFound(String path, PathItem.HttpMethod method, Operation operation) {
		List<String> reasons = new ArrayList<>();
		if (path.contains("{userId}")) {
			reasons.add((method == PathItem.HttpMethod.GET) ? "Unknown user" : "No such user to change");
		}
		if (operation.getParameters() != null && operation.getParameters()
			.stream()
			.anyMatch((parameter) -> "query".equals(parameter.getIn()) && "date".equals(parameter.getName()))) {
			reasons.add("a daily board deleted by LEADERBOARD_DAILY_RETENTION_DAYS");
		}
		if (reasons.isEmpty()) {
			return null;
		}
		String joined = String.join(", or ", reasons);
		return Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
	}

	private static void addError(ApiResponses responses, HttpStatus status, String description) {
		if (!responses.containsKey(String.valueOf(status.value()))) {
			responses.addApiResponse(String.valueOf(status.value()), new ApiResponse().description(description));
		}
	}

	/** An error's content: the shared problem in problem+json, with an example. */
	static Content problemContent(int status, @Nullable String description, String path) {
		return new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				new io.swagger.v3.oas.models.media.MediaType().schema(new Schema<>().$ref(PROBLEM_REF))
					.example(problemExample(status, description, path)));
	}

	private static Map<String, Object> problemExample(int status, @Nullable String description, String path) {
		HttpStatus known = HttpStatus.resolve(status);
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		problem.put("status", status);
		problem.put("detail", (description != null) ? description : "");
		problem.put("instance", path);
		return problem;
	}

}
