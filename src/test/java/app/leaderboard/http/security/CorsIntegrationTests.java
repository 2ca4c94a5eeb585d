package app.leaderboard.http.security;

import static app.leaderboard.http.security.UpdateTokenIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.EventStream;
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

	/**
	 * The live feeds answer a listed origin as the reads do: a browser's
	 * {@code EventSource} sends its {@code Origin} and no credentials, and reads the
	 * stream only with {@code Access-Control-Allow-Origin}. The components' script is
	 * loaded by any origin.
	 */
	@Test
	void theEventStreamsAnswerAListedOriginAndTheComponentsScriptAnyOrigin() {
		this.api.update("alice", 1, bearer("alice"));
		try (EventStream board = EventStream.open(this.port, "/api/redis-leaderboard/daily/events?limit=3", "Origin",
				ORIGIN);
				EventStream feed = EventStream.open(this.port, "/api/redis-leaderboard/user/alice/events?period=daily",
						"Origin", ORIGIN);
				EventStream refused = EventStream.open(this.port, "/api/redis-leaderboard/daily/events", "Origin",
						"https://evil.example")) {
			assertThat(board.status()).isEqualTo(200);
			assertThat(board.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
			assertThat(board.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
			EventStream.Event first = board.await("board", (event) -> true, Duration.ofSeconds(5));
			assertThat(first).isNotNull();
			assertThat(first.data()).contains("alice");
			assertThat(feed.status()).isEqualTo(200);
			assertThat(feed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ORIGIN);
			assertThat(refused.status()).isEqualTo(403);
		}
		Response script = this.api.get("/widget.js", "Origin", "https://evil.example");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.header("Access-Control-Allow-Origin")).hasValue("*");
	}

	private Response preflight(String origin) {
		return this.api.method("OPTIONS", "/api/redis-leaderboard/update", null, null, "Origin", origin,
				"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers",
				"authorization,content-type");
	}

}
