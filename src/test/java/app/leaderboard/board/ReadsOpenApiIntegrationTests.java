package app.leaderboard.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import app.leaderboard.support.IntegrationTestBase;

/**
 * The OpenAPI description covers every read of section 6, each parameter with an example.
 */
class ReadsOpenApiIntegrationTests extends IntegrationTestBase {

	@Test
	void everyNewReadAndParameterIsDescribedWithAnExample() {
		JsonNode paths = this.api.get("/v3/api-docs").json().get("paths");

		assertThat(parameters(paths, "/api/redis-leaderboard/{period}")).contains("date", "limit", "offset");
		assertThat(parameters(paths, "/api/redis-leaderboard/user/{userId}/rank/{period}")).contains("date");
		assertThat(parameters(paths, "/api/redis-leaderboard/user/{userId}/around/{period}")).contains("radius",
				"date");
		assertThat(parameters(paths, "/api/redis-leaderboard/{period}/users")).contains("ids", "date");
		assertThat(parameters(paths, "/api/redis-leaderboard/user/{userId}/history/daily")).contains("days");
		for (String path : List.of("/api/redis-leaderboard/user/{userId}/around/{period}",
				"/api/redis-leaderboard/{period}/users", "/api/redis-leaderboard/user/{userId}/history/daily")) {
			JsonNode ok = paths.get(path).get("get").get("responses").get("200");
			assertThat(ok.toString()).as(path).contains("example");
		}
	}

	/** The path's parameters; fails when one has no example. */
	private static List<String> parameters(JsonNode paths, String path) {
		assertThat(paths.has(path)).as(path).isTrue();
		List<String> names = new ArrayList<>();
		for (JsonNode parameter : paths.get(path).get("get").get("parameters")) {
			String name = parameter.get("name").stringValue();
			assertThat(parameter.has("example")).as(path + " " + name).isTrue();
			assertThat(parameter.has("description") || name.equals("userId")).as(path + " " + name).isTrue();
			names.add(name);
		}
		return names;
	}

}
