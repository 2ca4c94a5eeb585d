package app.leaderboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document at {@code /v3/api-docs}: written to {@code target/openapi.json}
 * for the build's Redocly lint (verify phase, docs/development.md), it lists exactly the
 * routes Spring MVC answers, describes every error as the one shared problem+json schema
 * and gives every response an example.
 */
class OpenApiDocumentIntegrationTests extends IntegrationTestBase {

	/**
	 * Where the lint reads the document (pom.xml, the {@code openapi-lint} execution).
	 */
	static final Path DOCUMENT = Path.of("target", "openapi.json");

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
			"trace");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Test
	void theDocumentIsWrittenForTheLint() throws IOException {
		String text = this.api.get("/v3/api-docs").text();
		JsonNode document = JSON.readTree(text);
		assertThat(document.path("openapi").asString()).startsWith("3.");
		Files.createDirectories(DOCUMENT.getParent());
		Files.writeString(DOCUMENT, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
	}

	@Test
	void everyRouteSpringMvcAnswersIsDocumentedAndNoOtherIs() throws IOException {
		Set<String> routes = new TreeSet<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			if (!isApi(handler)) {
				return;
			}
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			assertThat(methods).as(info + ": answers every method").isNotEmpty();
			for (String pattern : info.getPatternValues()) {
				for (RequestMethod method : methods) {
					routes.add(method.name() + " " + pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}"));
				}
			}
		});

		assertThat(documentedRoutes(document())).containsExactlyInAnyOrderElementsOf(routes);
	}

	@Test
	void everyDocumentedRouteIsAnswered() throws Exception {
		JsonNode document = document();
		// what the framework answers where no route is: the same whatever the path
		Map<String, String> unrouted = problem(send("GET", "/api/redis-leaderboard/no/such/route/here", null),
				"/api/redis-leaderboard/no/such/route/here");
		assertThat(problem(send("POST", "/api/redis-leaderboard/user/alice/rank/daily/extra", "{}"),
				"/api/redis-leaderboard/user/alice/rank/daily/extra"))
			.isEqualTo(unrouted);
		assertThat(send("DELETE", "/api/redis-leaderboard/update", null).status()).isEqualTo(405);
		List<String> unanswered = new ArrayList<>();
		for (String route : documentedRoutes(document)) {
			String method = route.substring(0, route.indexOf(' '));
			String path = route.substring(route.indexOf(' ') + 1);
			JsonNode operation = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
			String concrete = concrete(path, operation);
			Answer response = send(method, concrete, body(operation));
			if (response.status() == 405
					|| (response.status() == 404 && problem(response, concrete).equals(unrouted))) {
				unanswered.add(route + " -> " + response.status() + " " + response.body());
			}
		}
		assertThat(unanswered).isEmpty();
	}

	@Test
	void everyErrorIsTheSharedProblemAndEveryResponseHasAnExample() throws IOException {
		JsonNode document = document();
		assertThat(document.path("components").path("schemas").has("Problem")).isTrue();
		List<String> faults = new ArrayList<>();
		for (String route : documentedRoutes(document)) {
			String method = route.substring(0, route.indexOf(' '));
			String path = route.substring(route.indexOf(' ') + 1);
			JsonNode responses = document.path("paths")
				.path(path)
				.path(method.toLowerCase(Locale.ROOT))
				.path("responses");
			if (responses.propertyNames().stream().noneMatch((code) -> code.startsWith("4"))) {
				faults.add(route + ": no 4xx");
			}
			for (String code : responses.propertyNames()) {
				JsonNode content = responses.path(code).path("content");
				if (content.isEmpty()) {
					faults.add(route + " " + code + ": no content");
				}
				for (String type : content.propertyNames()) {
					JsonNode media = content.path(type);
					if (!media.has("example") && media.path("examples").isEmpty()) {
						faults.add(route + " " + code + " " + type + ": no example");
					}
					if (code.startsWith("4") || code.startsWith("5")) {
						if (!type.equals("application/problem+json") || !media.path("schema")
							.path("$ref")
							.asString()
							.equals("#/components/schemas/Problem")) {
							faults.add(route + " " + code + ": not the shared problem+json");
						}
					}
				}
			}
		}
		assertThat(faults).isEmpty();
	}

	@Test
	void theDocumentIsOpenApi31WithTheServicesVersion() throws Exception {
		JsonNode document = document();
		// a property that may be null says so with "null" among its types, as 3.1 does
		assertThat(document.path("openapi").asString()).startsWith("3.1.");
		assertThat(document.path("info").path("version").asString()).isEqualTo(projectVersion());
	}

	/**
	 * Clients name their calls after the operation ids (clients/typescript's
	 * {@code operations}): each is written on its controller method, so none depends on
	 * the order in which springdoc meets them (it numbers clashing names,
	 * {@code board_1}).
	 */
	@Test
	void everyOperationHasTheIdItsControllerGivesIt() throws IOException {
		JsonNode document = document();
		List<String> faults = new ArrayList<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			if (!isApi(handler)) {
				return;
			}
			Operation operation = handler.getMethodAnnotation(Operation.class);
			String id = (operation != null) ? operation.operationId() : "";
			if (id.isBlank()) {
				faults.add(handler + ": no operationId in its @Operation");
			}
			for (String pattern : info.getPatternValues()) {
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					String documented = document.path("paths")
						.path(pattern.replaceAll("\\{([^}:]+):[^}]*}", "{$1}"))
						.path(method.name().toLowerCase(Locale.ROOT))
						.path("operationId")
						.asString("");
					if (!documented.equals(id)) {
						faults.add(method + " " + pattern + ": " + documented + " in the document, not " + id);
					}
				}
			}
		});
		assertThat(faults).isEmpty();
		List<String> ids = new ArrayList<>();
		for (String route : documentedRoutes(document)) {
			String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
			ids.add(document.path("paths")
				.path(route.substring(route.indexOf(' ') + 1))
				.path(method)
				.path("operationId")
				.asString());
		}
		assertThat(ids).doesNotHaveDuplicates().noneMatch((id) -> id.matches(".*_[0-9]+"));
	}

	/**
	 * Jackson writes every record component, nulls too, unless its {@code @JsonInclude}
	 * leaves a null out; a JSpecify {@code @Nullable} component can be null
	 * ({@link OpenApiSchemas}). Request bodies require what the service requires.
	 */
	@Test
	void propertiesAreRequiredUnlessLeftOutAndNullableWhereTheRecordSaysSo() throws IOException {
		JsonNode schemas = document().path("components").path("schemas");
		JsonNode entry = schemas.path("BoardEntry");
		assertThat(strings(entry.path("required"))).containsExactlyInAnyOrder("rank", "user_id", "display_name",
				"score");
		assertThat(strings(entry.path("properties").path("display_name").path("type"))).containsExactly("string",
				"null");
		assertThat(strings(entry.path("properties").path("rank").path("type"))).containsExactly("integer");
		JsonNode rank = schemas.path("UserRank");
		assertThat(strings(rank.path("required"))).contains("rank", "top_percent").doesNotContain("hidden");
		assertThat(strings(rank.path("properties").path("rank").path("type"))).containsExactly("integer", "null");
		assertThat(strings(rank.path("properties").path("hidden").path("type"))).containsExactly("boolean");
		JsonNode stats = schemas.path("Stats");
		assertThat(strings(stats.path("required"))).contains("user_id", "daily_pomo", "region", "display_name",
				"streak");
		JsonNode update = schemas.path("UpdateRequest");
		assertThat(strings(update.path("required"))).containsExactlyInAnyOrder("user_id", "count");
		assertThat(strings(update.path("properties").path("region").path("type"))).containsExactly("string", "null");
		for (String name : schemas.propertyNames()) {
			if (schemas.path(name).has("properties")) {
				assertThat(schemas.path(name).path("required").isEmpty()).as(name + " requires nothing").isFalse();
			}
		}
	}

	/** The pom's own version, which the build writes into the service. */
	static String projectVersion() throws Exception {
		Element project = DocumentBuilderFactory.newInstance()
			.newDocumentBuilder()
			.parse(Path.of("pom.xml").toFile())
			.getDocumentElement();
		for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
			if (node instanceof Element element && element.getTagName().equals("version")) {
				return element.getTextContent().strip();
			}
		}
		throw new AssertionError("pom.xml has no version");
	}

	/** A string or an array of strings, as a list. */
	static List<String> strings(JsonNode node) {
		List<String> strings = new ArrayList<>();
		if (node.isString()) {
			strings.add(node.asString());
		}
		for (JsonNode item : node) {
			strings.add(item.asString());
		}
		return strings;
	}

	/**
	 * The service's own API: not springdoc's endpoints, and not what is deliberately left
	 * out of the document with {@code @Hidden} (the HTML pages, {@code /error}).
	 */
	private static boolean isApi(HandlerMethod handler) {
		Class<?> type = handler.getBeanType();
		return type.getName().startsWith("app.leaderboard.") && !type.isAnnotationPresent(Hidden.class)
				&& !handler.hasMethodAnnotation(Hidden.class);
	}

	private JsonNode document() throws IOException {
		return documentOf(this.api);
	}

	static JsonNode documentOf(TestApi api) {
		return JSON.readTree(api.get("/v3/api-docs").text());
	}

	static Set<String> documentedRoutes(JsonNode document) {
		Set<String> routes = new TreeSet<>();
		JsonNode paths = document.path("paths");
		for (String path : paths.propertyNames()) {
			for (String method : paths.path(path).propertyNames()) {
				if (METHODS.contains(method)) {
					routes.add(method.toUpperCase(Locale.ROOT) + " " + path);
				}
			}
		}
		return routes;
	}

	/**
	 * The path with each path parameter replaced by its example, required queries added.
	 */
	static String concrete(String path, JsonNode operation) {
		String concrete = path;
		StringBuilder query = new StringBuilder();
		for (JsonNode parameter : operation.path("parameters")) {
			String value = parameter.has("example") ? parameter.path("example").asString()
					: parameter.path("schema").path("enum").path(0).asString("alice");
			String name = parameter.path("name").asString();
			if (parameter.path("in").asString().equals("path")) {
				concrete = concrete.replace("{" + name + "}", value);
			}
			else if (parameter.path("in").asString().equals("query") && parameter.path("required").asBoolean()) {
				query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value);
			}
		}
		return concrete + query;
	}

	static @Nullable String body(JsonNode operation) {
		JsonNode media = operation.path("requestBody").path("content").path("application/json");
		if (media.isMissingNode()) {
			return null;
		}
		return media.has("example") ? JSON.writeValueAsString(media.path("example")) : "{}";
	}

	private Answer send(String method, String path, @Nullable String body) throws Exception {
		return send(this.port, method, path, body);
	}

	/**
	 * A request with the admin token (which the other operations ignore); of a live feed
	 * only the status and the headers are read.
	 */
	static Answer send(int port, String method, String path, @Nullable String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		// the live feeds never end: their status is enough
		String type = response.headers().firstValue("Content-Type").orElse("");
		try (InputStream in = response.body()) {
			return new Answer(response.statusCode(), type,
					type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	record Answer(int status, String contentType, String body) {

	}

	/**
	 * The problem's title and detail, the request's path in it replaced by
	 * {@code {path}}.
	 */
	private static Map<String, String> problem(Answer response, String path) {
		JsonNode body = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
		String bare = path.replaceFirst("\\?.*", "").substring(1);
		return Map.of("title", body.path("title").asString(""), "detail",
				body.path("detail").asString("").replace(bare, "{path}"));
	}

}
