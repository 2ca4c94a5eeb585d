package app.leaderboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import app.leaderboard.http.OpenApiDocumentIntegrationTests.Answer;
import app.leaderboard.support.IntegrationTestBase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service answers what its OpenAPI document says, which is what clients generated
 * from it (clients/typescript) rely on: each documented route, sent as the document
 * describes it (its parameters' and body's examples, the admin token), answers a status
 * the document lists, with a JSON body its schema accepts: every required property there,
 * null only where the type names null, no property the schema does not name.
 */
class OpenApiAnswersIntegrationTests extends IntegrationTestBase {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Far past any daily retention the tests run with. */
	private static final String LONG_AGO = "2000-01-03";

	@Test
	void everyAnswerIsDocumentedAndItsBodyIsWhatTheSchemaSays() throws Exception {
		// alice without a name, region or organisation: their nulls are written
		assertThat(this.api.update("alice", 2).status()).isEqualTo(200);
		assertThat(this.api
			.post("/api/redis-leaderboard/update",
					"{\"user_id\":\"bob\",\"count\":3,\"region\":\"eu\",\"org\":\"acme\",\"display_name\":\"Bob\"}")
			.status()).isEqualTo(200);
		JsonNode document = OpenApiDocumentIntegrationTests.documentOf(this.api);
		List<String> faults = new ArrayList<>();
		int bodies = 0;
		for (String route : readsFirst(OpenApiDocumentIntegrationTests.documentedRoutes(document))) {
			String method = route.substring(0, route.indexOf(' '));
			String path = route.substring(route.indexOf(' ') + 1);
			JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
			Answer answer = OpenApiDocumentIntegrationTests.send(this.port, method,
					OpenApiDocumentIntegrationTests.concrete(path, operation),
					OpenApiDocumentIntegrationTests.body(operation));
			JsonNode response = operation.path("responses").path(String.valueOf(answer.status()));
			if (response.isMissingNode()) {
				faults.add(route + ": " + answer.status() + " is not in the document: " + answer.body());
			}
			else if (answer.status() < 300 && answer.contentType().startsWith("application/json")) {
				bodies++;
				check(document, response.path("content").path("application/json").path("schema"),
						JSON.readTree(answer.body()), route, faults);
			}
		}
		assertThat(faults).isEmpty();
		// the reads of alice, the boards, the admin operations...: not only errors
		assertThat(bodies).isGreaterThanOrEqualTo(20);
	}

	/**
	 * Every read that takes a {@code date} answers 404 for a daily board that retention
	 * deleted (or, for a league, a group that never was), and says so in the document.
	 */
	@Test
	void aDateLongPastIsTheDocumented404() throws Exception {
		assertThat(this.api.update("alice", 2).status()).isEqualTo(200);
		JsonNode document = OpenApiDocumentIntegrationTests.documentOf(this.api);
		List<String> faults = new ArrayList<>();
		int dated = 0;
		for (String route : OpenApiDocumentIntegrationTests.documentedRoutes(document)) {
			String method = route.substring(0, route.indexOf(' '));
			String path = route.substring(route.indexOf(' ') + 1);
			JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
			boolean takesDate = false;
			for (JsonNode parameter : operation.path("parameters")) {
				takesDate |= parameter.path("in").asString().equals("query")
						&& parameter.path("name").asString().equals("date");
			}
			if (!takesDate) {
				continue;
			}
			dated++;
			String concrete = OpenApiDocumentIntegrationTests.concrete(path.replace("{period}", "daily"), operation);
			Answer answer = OpenApiDocumentIntegrationTests.send(this.port, method,
					concrete + (concrete.contains("?") ? "&" : "?") + "date=" + LONG_AGO, null);
			if (answer.status() != 404 || !operation.path("responses").has("404")) {
				faults.add(route + ": " + answer.status() + " " + answer.body() + "; documented: "
						+ operation.path("responses").propertyNames());
			}
			else if (path.contains("{period}")
					&& !JSON.readTree(answer.body()).path("title").asString().equals("Board no longer kept")) {
				faults.add(route + ": not the retention's 404: " + answer.body());
			}
		}
		assertThat(faults).isEmpty();
		// the board, the friends list, the teams, rank, around, the export, the leagues
		assertThat(dated).isGreaterThanOrEqualTo(9);
	}

	/**
	 * Reads, then the changes, the deletions last with the longest path first: the
	 * example user is still there for every operation on them, the erasure included.
	 */
	private static List<String> readsFirst(Set<String> routes) {
		List<String> ordered = new ArrayList<>(routes);
		ordered.sort(Comparator.comparingInt(OpenApiAnswersIntegrationTests::stage)
			.thenComparing(Comparator.comparingInt((String route) -> route.startsWith("DELETE") ? -route.length() : 0))
			.thenComparing(Comparator.naturalOrder()));
		return ordered;
	}

	private static int stage(String route) {
		return route.startsWith("GET ") ? 0 : route.startsWith("DELETE ") ? 2 : 1;
	}

	/**
	 * Checks a value against a schema, for what this document uses: {@code $ref},
	 * {@code oneOf} and {@code anyOf}, {@code type} (a name or a list of names),
	 * {@code properties} with {@code required}, {@code additionalProperties} and
	 * {@code items}.
	 */
	static void check(JsonNode document, JsonNode schema, JsonNode value, String at, List<String> faults) {
		if (schema.isMissingNode()) {
			faults.add(at + ": no schema");
			return;
		}
		if (schema.has("$ref")) {
			check(document, document.at(schema.path("$ref").asString().substring(1)), value, at, faults);
			return;
		}
		for (String choice : List.of("oneOf", "anyOf")) {
			if (schema.has(choice)) {
				int matching = 0;
				for (JsonNode alternative : schema.path(choice)) {
					List<String> own = new ArrayList<>();
					check(document, alternative, value, at, own);
					matching += own.isEmpty() ? 1 : 0;
				}
				if (matching == 0 || (choice.equals("oneOf") && matching > 1)) {
					faults.add(at + ": " + matching + " of the " + choice + " accept " + value);
				}
				return;
			}
		}
		Set<String> types = new LinkedHashSet<>(OpenApiDocumentIntegrationTests.strings(schema.path("type")));
		String type = typeOf(value);
		if (!types.isEmpty() && !types.contains(type) && !(type.equals("integer") && types.contains("number"))) {
			faults.add(at + ": " + value + " is " + type + ", the document says " + types);
			return;
		}
		if (value.isObject()) {
			for (String required : OpenApiDocumentIntegrationTests.strings(schema.path("required"))) {
				if (!value.has(required)) {
					faults.add(at + ": no " + required + " in " + value);
				}
			}
			JsonNode properties = schema.path("properties");
			for (Map.Entry<String, JsonNode> property : value.properties()) {
				if (properties.has(property.getKey())) {
					check(document, properties.path(property.getKey()), property.getValue(),
							at + "." + property.getKey(), faults);
				}
				else if (!schema.has("additionalProperties")) {
					faults.add(at + ": " + property.getKey() + " is not in the document");
				}
			}
		}
		if (value.isArray()) {
			int i = 0;
			for (JsonNode item : value) {
				check(document, schema.path("items"), item, at + "[" + i++ + "]", faults);
			}
		}
	}

	private static String typeOf(JsonNode value) {
		if (value.isNull()) {
			return "null";
		}
		if (value.isObject()) {
			return "object";
		}
		if (value.isArray()) {
			return "array";
		}
		if (value.isString()) {
			return "string";
		}
		if (value.isBoolean()) {
			return "boolean";
		}
		return value.isIntegralNumber() ? "integer" : "number";
	}

}
