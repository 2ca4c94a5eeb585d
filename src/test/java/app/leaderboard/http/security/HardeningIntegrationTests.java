package app.leaderboard.http.security;

import static app.leaderboard.http.security.UpdateTokenIntegrationTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * The default mode (no JWT variables): what is exposed, the body limit, no CORS, and no
 * secret or internal text in any answer or log line.
 */
@ExtendWith(OutputCaptureExtension.class)
class HardeningIntegrationTests extends IntegrationTestBase {

	@Test
	void withoutJwtVariablesUpdatesNeedNoToken() {
		assertThat(this.api.update("alice", 1).status()).isEqualTo(200);
		assertThat(this.api.update("bob", 1, "Authorization", "Bearer whatever").status()).isEqualTo(200);
	}

	@Test
	void onlyHealthInfoAndPrometheusAreExposedUnderActuator() {
		assertThat(this.api.get("/actuator/health").status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/info").status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/prometheus").status()).isEqualTo(200);
		for (String hidden : new String[] { "env", "beans", "configprops", "heapdump", "threaddump", "loggers",
				"mappings", "metrics", "shutdown", "scheduledtasks", "conditions" }) {
			Response response = this.api.get("/actuator/" + hidden);
			assertThat(response.status()).as(hidden).isEqualTo(404);
			assertThat(response.contentType()).as(hidden).startsWith("application/problem+json");
		}
		assertThat(this.api.post("/actuator/shutdown", "{}").status()).isEqualTo(404);
		assertThat(this.api.get("/actuator").text()).doesNotContain("/env", "/beans", "heapdump");
	}

	@Test
	void aBodyOver16KibIs413ProblemAndChangesNothing() throws Exception {
		String padding = " ".repeat(RequestBodyLimit.MAX_BYTES);
		Response declared = this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"alice\",\"count\":1}" + padding);
		HttpResponse<String> chunked = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/redis-leaderboard/update"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofInputStream(
						() -> new ByteArrayInputStream(("{\"user_id\":\"alice\",\"count\":1}" + padding).getBytes())))
				.build(), HttpResponse.BodyHandlers.ofString());
		Response small = this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"bob\",\"count\":1}" + " ".repeat(RequestBodyLimit.MAX_BYTES - 40));

		assertProblem(declared, 413);
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(chunked.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(small.status()).isEqualTo(200);
		assertThat(this.jdbc.queryForList("select user_id from users", String.class)).containsExactly("bob");
	}

	@Test
	void aBrokenOrWildcardContentTypeIs415ForAnUpdateAndIgnoredForAReadAsIsABrokenAccept() {
		Response wildcard = this.api.method("POST", "/api/redis-leaderboard/update", "*/*",
				"{\"user_id\":\"alice\",\"count\":1}");
		Response broken = this.api.method("POST", "/api/redis-leaderboard/update", "application/",
				"{\"user_id\":\"alice\",\"count\":1}");
		Response read = this.api.method("GET", "/api/redis-leaderboard/daily", "*/*", null, "Accept", "garbage/");
		Response error = this.api.get("/api/redis-leaderboard/hourly", "Accept", "garbage/");

		assertProblem(wildcard, 415);
		assertProblem(broken, 415);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).extractingPath("$.period").asString().isEqualTo("daily");
		assertProblem(error, 400);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isZero();
	}

	@Test
	void withNoOriginsConfiguredNoCorsHeaderIsSent() {
		Response preflight = this.api.method("OPTIONS", "/api/redis-leaderboard/update", null, null, "Origin",
				"https://evil.example", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers",
				"content-type");
		Response read = this.api.get("/api/redis-leaderboard/daily", "Origin", "https://evil.example");

		assertThat(preflight.status()).isLessThan(500);
		assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
		assertThat(read.header("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void errorsCarryNoStackTraceSqlOrSecret(CapturedOutput output) {
		Response[] responses = { this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"x\",\"count\":1e999}"),
				this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"x';drop table users;--\",\"count\":1}"),
				this.api.get("/api/redis-leaderboard/user/a%27%20or%201=1"),
				this.api.get("/api/redis-leaderboard/admin/status", "Authorization", "Bearer guessed-admin-token"),
				this.api.get("/api/redis-leaderboard/nowhere/at/all"), this.api.get("/error"),
				this.api.get("/api/redis-leaderboard/daily?a=b&&&=") };

		for (Response response : responses) {
			assertThat(response.status()).isBetween(400, 499);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.text()).doesNotContain("Exception", "at app.", "at org.", "SQL", "select ", "ERR ",
					"trace", ADMIN_TOKEN, "guessed-admin-token");
		}
		assertThat(output.getAll()).doesNotContain(ADMIN_TOKEN, "guessed-admin-token",
				"Using generated security password");
	}

}
