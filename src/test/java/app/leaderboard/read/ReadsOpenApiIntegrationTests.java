package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.assertj.core.api.ObjectArrayAssert;
import org.junit.jupiter.api.Test;
import org.springframework.test.json.JsonContent;

import app.leaderboard.support.IntegrationTestBase;

/**
 * The OpenAPI description covers every read of section 6, each parameter with an example.
 */
class ReadsOpenApiIntegrationTests extends IntegrationTestBase {

	@Test
	void everyNewReadAndParameterIsDescribedWithAnExample() {
		JsonContent docs = this.api.get("/v3/api-docs").body();

		assertThatParameters(docs, "/api/redis-leaderboard/{period}").contains("date", "limit", "offset");
		assertThatParameters(docs, "/api/redis-leaderboard/user/{userId}/rank/{period}").contains("date");
		assertThatParameters(docs, "/api/redis-leaderboard/user/{userId}/around/{period}").contains("radius", "date");
		assertThatParameters(docs, "/api/redis-leaderboard/{period}/users").contains("ids", "date");
		assertThatParameters(docs, "/api/redis-leaderboard/user/{userId}/history/daily").contains("days");
		assertThatParameters(docs, "/api/redis-leaderboard/{period}/regions").contains("date", "limit", "offset");
		assertThatParameters(docs, "/api/redis-leaderboard/{period}/orgs").contains("date", "limit", "offset");
		for (String path : List.of("/api/redis-leaderboard/user/{userId}/around/{period}",
				"/api/redis-leaderboard/{period}/users", "/api/redis-leaderboard/user/{userId}/history/daily",
				"/api/redis-leaderboard/{period}/regions", "/api/redis-leaderboard/{period}/orgs")) {
			assertThat(docs).as(path)
				.hasPath("$.paths['" + path + "'].get.responses['200'].content['application/json'].example");
		}
	}

	/**
	 * The names of the path's parameters; fails when one has no example, or no
	 * description (but the user id).
	 */
	private static ObjectArrayAssert<Object> assertThatParameters(JsonContent docs, String path) {
		String parameters = "$.paths['" + path + "'].get.parameters";
		assertThat(docs).as(path).hasPath("$.paths['" + path + "']");
		assertThat(docs).extractingPath(parameters + "[?(!@.example)].name")
			.as(path + ": without an example")
			.asArray()
			.isEmpty();
		assertThat(docs).extractingPath(parameters + "[?(!@.description && @.name != 'userId')].name")
			.as(path + ": without a description")
			.asArray()
			.isEmpty();
		assertThat(docs).extractingPath(parameters + "[?(!@.name)]").as(path + ": without a name").asArray().isEmpty();
		return assertThat(docs).extractingPath(parameters + "[*].name")
			.as(path)
			.asArray()
			.hasOnlyElementsOfType(String.class);
	}

}
