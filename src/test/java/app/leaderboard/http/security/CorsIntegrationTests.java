package app.leaderboard.http.security;

import static app.leaderboard.http.security.UpdateTokenIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.SecuredIntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/** {@code LEADERBOARD_CORS_ORIGINS}: the listed origins may call, no other. */
class CorsIntegrationTests extends SecuredIntegrationTestBase {

	@Test
	void aListedOriginMayPreflightAndCallTheUpdate() {
		Response preflight = preflight(ORIGIN);
		Response update = this.api.update("alice", 1, "Origin", ORIGIN, bearer("alice")[0], bearer("alice")[1]);

		assertThat(preflight.status()).isEqualTo(200);
		assertThat(preflight.header("Access-Control-Allow-Origin")).hasValue(ORIGIN);
		assertThat(preflight.header("Access-Control-Allow-Headers").orElse("").toLowerCase()).contains("authorization",
				"content-type");
		assertThat(update.status()).isEqualTo(200);
		assertThat(update.header("Access-Control-Allow-Origin")).hasValue(ORIGIN);
		assertThat(this.api.get("/api/redis-leaderboard/daily", "Origin", "http://localhost:5173")
			.header("Access-Control-Allow-Origin")).hasValue("http://localhost:5173");
	}

	@Test
	void anyOtherOriginIsRefusedWithAProblem() {
		Response preflight = preflight("https://evil.example");
		Response read = this.api.get("/api/redis-leaderboard/daily", "Origin", "https://app.example.com.evil.example");

		assertProblem(preflight, 403);
		assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
		assertProblem(read, 403);
	}

	@Test
	void requestsWithoutAnOriginAreNotCorsRequests() {
		assertThat(this.api.get("/api/redis-leaderboard/daily").status()).isEqualTo(200);
	}

	private Response preflight(String origin) {
		return this.api.method("OPTIONS", "/api/redis-leaderboard/update", null, null, "Origin", origin,
				"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers",
				"authorization,content-type");
	}

}
