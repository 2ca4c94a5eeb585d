package app.leaderboard.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI description at {@code /v3/api-docs}, shown by {@code /swagger-ui.html} and
 * linted by Redocly in {@code ./mvnw verify} (docs/development.md, "The OpenAPI
 * document"). springdoc derives the operations from the controllers; {@link #finish}
 * completes what it cannot know: the snake_case names Jackson writes, the errors every
 * operation can answer as the one shared problem ({@link OpenApiErrors}), who may call
 * it, and an example for every response. {@link OpenApiSchemas} marks which properties
 * are always there and which may be null.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String ADMIN = "admin";

	private static final String TOKEN = "token";

	static {
		// a body kept as bytes is documented as what the bytes hold
		SpringDocUtils.getConfig().addResponseWrapperToIgnore(JsonBody.class);
	}

	/**
	 * The service's version, {@code spring.application.version}: the pom's, written into
	 * application.yml by the build's resource filtering.
	 */
	@Bean
	OpenAPI leaderboardApi(Environment environment) {
		return new OpenAPI()
			.info(new Info().title("Leaderboard")
				.description("Daily, weekly, monthly and yearly boards of pomodoro counts")
				.version(environment.getProperty("spring.application.version", "unknown")))
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

	/** Required and nullable properties, from the records the schemas are made of. */
	@Bean
	OpenApiSchemas leaderboardApiSchemas() {
		return new OpenApiSchemas();
	}

	static void finish(OpenAPI api) {
		Map<String, Schema> schemas = api.getComponents().getSchemas();
		schemas.forEach((name, schema) -> snakeCase(schema));
		schemas.put(OpenApiErrors.PROBLEM, OpenApiErrors.problemSchema());
		api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
			fixParameters(operation);
			fixRequestBody(operation);
			OpenApiErrors.addErrors(path, method, operation);
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

	static boolean isAdmin(String path) {
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
				response.setContent(OpenApiErrors.problemContent(status, response.getDescription(), path));
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

	static boolean isType(Schema<?> schema, String type) {
		Set<String> types = schema.getTypes();
		return type.equals(schema.getType()) || (types != null && types.contains(type));
	}

}
