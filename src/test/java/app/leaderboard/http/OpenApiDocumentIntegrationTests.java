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

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import app.leaderboard.support.IntegrationTestBase;
import io.swagger.v3.oas.annotations.Hidden;
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
		return JSON.readTree(this.api.get("/v3/api-docs").text());
	}

	private static Set<String> documentedRoutes(JsonNode document) {
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
	private static String concrete(String path, JsonNode operation) {
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

	private static @Nullable String body(JsonNode operation) {
		JsonNode media = operation.path("requestBody").path("content").path("application/json");
		if (media.isMissingNode()) {
			return null;
		}
		return media.has("example") ? JSON.writeValueAsString(media.path("example")) : "{}";
	}

	private Answer send(String method, String path, @Nullable String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		// the live feeds never end: their status is enough
		boolean stream = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
		try (InputStream in = response.body()) {
			return new Answer(response.statusCode(),
					stream ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	private record Answer(int status, String body) {

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
