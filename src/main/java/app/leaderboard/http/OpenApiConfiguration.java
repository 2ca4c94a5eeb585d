package app.leaderboard.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI description at {@code /v3/api-docs}, shown by {@code /swagger-ui.html} and
 * linted by Redocly in {@code ./mvnw verify} (docs/development.md, "The OpenAPI
 * document"). springdoc derives the operations from the controllers; {@link #finish}
 * completes what it cannot know: the snake_case names Jackson writes, every error as the
 * one shared {@code Problem} schema in {@code application/problem+json}, the errors every
 * operation can answer, who may call it, and an example for every response.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** The shared problem+json schema every 4xx and 5xx response refers to. */
	static final String PROBLEM = "Problem";

	private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

	private static final String ADMIN = "admin";

	private static final String TOKEN = "token";

	@Bean
	OpenAPI leaderboardApi() {
		return new OpenAPI()
			.info(new Info().title("Leaderboard")
				.description("Daily, weekly, monthly and yearly boards of pomodoro counts")
				.version("1"))
			.components(new Components()
				.addSecuritySchemes(ADMIN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.description("The admin token (LEADERBOARD_ADMIN_TOKEN, or the one generated and logged at start)"))
				.addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("A client token (docs/security.md): required for updates only when the "
							+ "service is configured with update tokens, and for the boards of scopes it restricts")));
	}

	@Bean
	OpenApiCustomizer leaderboardApiFinish() {
		return OpenApiConfiguration::finish;
	}

	private static Schema<?> problemSchema() {
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

	static void finish(OpenAPI api) {
		Map<String, Schema> schemas = api.getComponents().getSchemas();
		schemas.put(PROBLEM, problemSchema());
		schemas.forEach((name, schema) -> {
			if (!PROBLEM.equals(name)) {
				snakeCase(schema);
			}
		});
		api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			fixParameters(operation);
			fixRequestBody(operation);
			addErrors(path, method, operation);
			secure(path, operation);
			completeResponses(api, path, operation);
		}));
	}

	/**
	 * Jackson writes every property in snake_case (application.yml); springdoc does not
	 * know.
	 */
	private static void snakeCase(Schema<?> schema) {
		if (schema.getProperties() != null) {
			Map<String, Schema> renamed = new LinkedHashMap<>();
			schema.getProperties().forEach((name, property) -> {
				snakeCase(property);
				renamed.put(snake(name), property);
			});
			schema.setProperties(renamed);
		}
		if (schema.getRequired() != null) {
			schema.setRequired(schema.getRequired().stream().map(OpenApiConfiguration::snake).toList());
		}
		if (schema.getItems() != null) {
			snakeCase(schema.getItems());
		}
	}

	private static String snake(String name) {
		StringBuilder snake = new StringBuilder();
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c) && i > 0) {
				snake.append('_');
			}
			snake.append(Character.toLowerCase(c));
		}
		return snake.toString();
	}

	/**
	 * Periods are written in lower case ({@code PeriodConverter}); path values are
	 * strings even where an example looks like a number.
	 */
	private static void fixParameters(Operation operation) {
		if (operation.getParameters() == null) {
			return;
		}
		for (Parameter parameter : operation.getParameters()) {
			Schema<?> schema = parameter.getSchema();
			if (schema == null) {
				continue;
			}
			if (schema.getEnum() != null) {
				List<Object> lower = new ArrayList<>();
				for (Object value : schema.getEnum()) {
					lower.add((value instanceof String text) ? text.toLowerCase(Locale.ROOT) : value);
				}
				((Schema<Object>) schema).setEnum(lower);
			}
			Object example = parameter.getExample();
			if (isType(schema, "string") && example != null && !(example instanceof String)) {
				parameter.setExample(String.valueOf(example));
			}
		}
	}

	/** A body read as a JSON tree is an object, not a string. */
	private static void fixRequestBody(Operation operation) {
		if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
			return;
		}
		operation.getRequestBody().getContent().forEach((type, media) -> {
			Schema<?> schema = media.getSchema();
			Object example = (media.getExample() != null) ? media.getExample()
					: (schema != null) ? schema.getExample() : null;
			if (schema != null && isType(schema, "string") && example != null && !(example instanceof String)) {
				Schema<?> object = new ObjectSchema();
				object.setExample(example);
				media.setSchema(object);
			}
		});
	}

	/** The errors an operation can answer besides those its controller names. */
	private static void addErrors(String path, PathItem.HttpMethod method, Operation operation) {
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
		if (isAdmin(path)) {
			addError(responses, HttpStatus.UNAUTHORIZED, "No admin token, or a wrong one");
		}
		else if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT) {
			addError(responses, HttpStatus.UNAUTHORIZED, "Update tokens are configured and none was given");
			addError(responses, HttpStatus.FORBIDDEN, "The token may not update this user or organisation");
		}
		if (path.contains("{userId}") && method == PathItem.HttpMethod.GET) {
			addError(responses, HttpStatus.NOT_FOUND, "Unknown user");
		}
		addError(responses, HttpStatus.INTERNAL_SERVER_ERROR, Problems.UNEXPECTED);
	}

	private static void addError(ApiResponses responses, HttpStatus status, String description) {
		if (!responses.containsKey(String.valueOf(status.value()))) {
			responses.addApiResponse(String.valueOf(status.value()), new ApiResponse().description(description));
		}
	}

	private static boolean isAdmin(String path) {
		return path.startsWith("/api/redis-leaderboard/admin/");
	}

	/** Admin operations take the admin token; the others may be called without any. */
	private static void secure(String path, Operation operation) {
		if (isAdmin(path)) {
			operation.setSecurity(List.of(new SecurityRequirement().addList(ADMIN)));
		}
		else {
			operation.setSecurity(List.of(new SecurityRequirement(), new SecurityRequirement().addList(TOKEN)));
		}
	}

	/**
	 * Errors as the shared problem, {@code * / *} as what is written, an example each.
	 */
	private static void completeResponses(OpenAPI api, String path, Operation operation) {
		operation.getResponses().forEach((code, response) -> {
			int status = Integer.parseInt(code);
			if (status >= 400) {
				response.setContent(new Content().addMediaType(MediaType.APPLICATION_PROBLEM_JSON_VALUE,
						new io.swagger.v3.oas.models.media.MediaType().schema(new Schema<>().$ref(PROBLEM_REF))
							.example(problemExample(status, response.getDescription(), path))));
				return;
			}
			Content content = response.getContent();
			if (content == null || content.isEmpty()) {
				return;
			}
			io.swagger.v3.oas.models.media.MediaType any = content.remove(MediaType.ALL_VALUE);
			if (any != null) {
				content.addMediaType(MediaType.APPLICATION_JSON_VALUE, any);
			}
			content.forEach((type, media) -> {
				if (media.getExample() == null && (media.getExamples() == null || media.getExamples().isEmpty())) {
					media.setExample(OpenApiExamples.example(api, media.getSchema(), null, 0));
				}
			});
		});
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

	static boolean isType(Schema<?> schema, String type) {
		Set<String> types = schema.getTypes();
		return type.equals(schema.getType()) || (types != null && types.contains(type));
	}

}
