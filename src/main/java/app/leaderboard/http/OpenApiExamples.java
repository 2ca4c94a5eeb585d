package app.leaderboard.http;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;

/**
 * Examples made from a schema, for the responses of the OpenAPI document that a
 * controller gives none ({@link OpenApiConfiguration}): the schema's own examples first,
 * else a plausible value for the property's name and type.
 */
final class OpenApiExamples {

	private OpenApiExamples() {
	}

	/**
	 * An example made from the schema: its own examples first, else a plausible value.
	 */
	static @Nullable Object example(OpenAPI api, @Nullable Schema<?> schema, @Nullable String name, int depth) {
		if (schema == null || depth > 8) {
			return null;
		}
		if (schema.get$ref() != null) {
			String ref = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
			return example(api, api.getComponents().getSchemas().get(ref), name, depth + 1);
		}
		if (schema.getExample() != null) {
			return schema.getExample();
		}
		if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
			return schema.getEnum().get(0);
		}
		if (schema.getProperties() != null) {
			Map<String, Object> object = new LinkedHashMap<>();
			schema.getProperties()
				.forEach((property, value) -> object.put(property, example(api, value, property, depth + 1)));
			return object;
		}
		if (OpenApiConfiguration.isType(schema, "array")) {
			Object item = example(api, schema.getItems(), name, depth + 1);
			return (item != null) ? List.of(item) : List.of();
		}
		if (OpenApiConfiguration.isType(schema, "integer")) {
			return 2;
		}
		if (OpenApiConfiguration.isType(schema, "number")) {
			return new BigDecimal("2.5");
		}
		if (OpenApiConfiguration.isType(schema, "boolean")) {
			return true;
		}
		if (OpenApiConfiguration.isType(schema, "string")) {
			return stringExample(schema, name);
		}
		if (OpenApiConfiguration.isType(schema, "object")) {
			return Map.of();
		}
		return null;
	}

	private static String stringExample(Schema<?> schema, @Nullable String name) {
		String format = (schema.getFormat() != null) ? schema.getFormat() : "";
		return switch (format) {
			case "date-time" -> "2026-12-06T06:10:40.224Z";
			case "date" -> "2026-12-06";
			case "uri" -> "https://example.com/";
			default -> stringExample(name);
		};
	}

	private static String stringExample(@Nullable String name) {
		if (name == null) {
			return "text";
		}
		return switch (name) {
			case "user_id" -> "alice";
			case "display_name" -> "Alice";
			case "period" -> "daily";
			case "region" -> "eu";
			case "org" -> "acme";
			case "tier" -> "silver";
			default -> (name.endsWith("_at") ? "2026-12-06T06:10:40.224Z"
					: name.endsWith("_start") || name.endsWith("_day") ? "2026-12-06" : name);
		};
	}

}
