package app.leaderboard.http;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;

/**
 * What springdoc cannot tell from a Java record alone (docs/development.md, "The OpenAPI
 * document"): which properties are always there and which may be null. Without it every
 * property of every schema is optional and never null, and a client generated from the
 * document has to guard against absences that never happen while it is not told of the
 * nulls that do.
 * <p>
 * The service's Jackson writes every record component, nulls included (application.yml
 * sets no default inclusion), so each one is required, except a component whose
 * {@code @JsonInclude} leaves it out when it is null (then it is optional and never null)
 * and one whose {@code @Schema} says {@code NOT_REQUIRED} (a part of a request body that
 * may be left out). A component whose type is JSpecify's {@code @Nullable} may be null:
 * with OpenAPI 3.1, which springdoc writes, its type also names {@code null}. The schemas
 * are marked where springdoc makes them from the record, so the schema and the Java type
 * cannot be mismatched by name; the property names are still the components' (the
 * snake_case renaming comes later, in {@link OpenApiConfiguration}).
 */
final class OpenApiSchemas implements ModelConverter {

	private static final String REF_PREFIX = "#/components/schemas/";

	@Override
	public @Nullable Schema resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		if (!chain.hasNext()) {
			return null;
		}
		Schema<?> resolved = chain.next().resolve(type, context, chain);
		if (resolved == null || type.getType() == null) {
			return resolved;
		}
		Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
		if (raw.isRecord()) {
			// the schema of a record is defined once, and a reference to it is what comes
			// back from then on
			Schema<?> model = (resolved.get$ref() != null && resolved.get$ref().startsWith(REF_PREFIX))
					? context.getDefinedModels().get(resolved.get$ref().substring(REF_PREFIX.length())) : resolved;
			if (model != null && model.getProperties() != null) {
				complete(model, raw);
			}
		}
		return resolved;
	}

	private static void complete(Schema<?> model, Class<?> record) {
		Map<String, Schema> properties = model.getProperties();
		List<String> required = new ArrayList<>();
		for (RecordComponent component : record.getRecordComponents()) {
			String name = component.getName();
			Schema<?> property = properties.get(name);
			if (property == null) {
				continue;
			}
			if (leftOutWhenNull(record, component)) {
				continue;
			}
			if (!optionalInRequests(component)) {
				required.add(name);
			}
			if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
				properties.put(name, nullable(property));
			}
		}
		model.setRequired(required.isEmpty() ? null : required);
	}

	/**
	 * Jackson's inclusion: {@code ALWAYS} unless the component or its record says else.
	 */
	private static boolean leftOutWhenNull(Class<?> record, RecordComponent component) {
		JsonInclude include = annotation(component, JsonInclude.class);
		if (include == null) {
			include = record.getAnnotation(JsonInclude.class);
		}
		return include != null && include.value() != JsonInclude.Include.ALWAYS
				&& include.value() != JsonInclude.Include.USE_DEFAULTS;
	}

	private static boolean optionalInRequests(RecordComponent component) {
		io.swagger.v3.oas.annotations.media.Schema schema = annotation(component,
				io.swagger.v3.oas.annotations.media.Schema.class);
		return schema != null
				&& schema.requiredMode() == io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
	}

	/**
	 * An annotation written on a component: Java puts it on the accessor, the field or
	 * the constructor's parameter, as its target allows, not on the component itself.
	 */
	private static <A extends java.lang.annotation.Annotation> @Nullable A annotation(RecordComponent component,
			Class<A> type) {
		List<AnnotatedElement> places = new ArrayList<>();
		places.add(component);
		places.add(component.getAccessor());
		try {
			places.add(component.getDeclaringRecord().getDeclaredField(component.getName()));
		}
		catch (NoSuchFieldException ex) {
			// every component has its field
		}
		for (AnnotatedElement place : places) {
			A found = place.getAnnotation(type);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	/**
	 * The property with {@code null} among its types (OpenAPI 3.1); a reference, which
	 * takes no type beside it, becomes "that or null".
	 */
	private static Schema<?> nullable(Schema<?> property) {
		if (property.get$ref() != null) {
			return new JsonSchema().anyOf(List.of(property, new JsonSchema().typesItem("null")));
		}
		Set<String> types = new LinkedHashSet<>();
		if (property.getTypes() != null) {
			types.addAll(property.getTypes());
		}
		else if (property.getType() != null) {
			types.add(property.getType());
		}
		if (!types.isEmpty()) {
			types.add("null");
			property.setTypes(types);
		}
		return property;
	}

}
