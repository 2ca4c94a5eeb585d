package app.leaderboard.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.jayway.jsonpath.JsonPath;
import org.springframework.test.json.JsonContent;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;

/** A small real HTTP client for the running service (loopback only). */
public class TestApi {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final Duration timeout;

	public TestApi(int port) {
		this("http://127.0.0.1:" + port, Duration.ofSeconds(30));
	}

	private TestApi(String base, Duration timeout) {
		this.base = base;
		this.timeout = timeout;
	}

	/**
	 * The same service with another wait per request: for calls that may rightly wait
	 * longer than 30 s, such as a full sync queued behind others (it waits up to five
	 * minutes for their locks).
	 */
	public TestApi waitingUpTo(Duration timeout) {
		return new TestApi(this.base, timeout);
	}

	/**
	 * A response: status, headers and the body. Assertions read the body by JSON path:
	 * {@code assertThat(response.body()).extractingPath("$.daily_pomo").isEqualTo(4)}.
	 */
	public record Response(int status, HttpHeaders headers, String text) {

		/** The body for AssertJ, read by JSON path (Spring's {@link JsonContent}). */
		public JsonContent body() {
			return new JsonContent(this.text);
		}

		/**
		 * The value at a JSON path, for helpers that compute from the body (assertions
		 * use {@link #body()}); fails when the path is missing.
		 */
		public <T> T read(String path) {
			return JsonPath.read(this.text, path);
		}

		/** The body as a tree, for walking all of it (null when empty). */
		public JsonNode json() {
			return (this.text == null || this.text.isBlank()) ? null : JSON.readTree(this.text);
		}

		public Optional<String> header(String name) {
			return this.headers.firstValue(name);
		}

		public String contentType() {
			return header("Content-Type").orElse("");
		}

		public String source() {
			return header("X-Leaderboard-Source").orElse(null);
		}

		/**
		 * Each of {@code $.entries} as rank, user and score joined by {@code separator},
		 * for compact assertions.
		 */
		public List<String> entries(String separator) {
			List<String> entries = new ArrayList<>();
			int count = read("$.entries.length()");
			for (int i = 0; i < count; i++) {
				String entry = "$.entries[" + i + "]";
				Number rank = read(entry + ".rank");
				String userId = read(entry + ".user_id");
				Number score = read(entry + ".score");
				entries.add(rank + separator + userId + separator + score);
			}
			return entries;
		}

	}

	/**
	 * A board entry as {@code extractingPath("$.entries[0]")} reads it, for comparing
	 * whole entries: no field more, none less.
	 */
	public static Map<String, Object> entry(int rank, String userId, int score) {
		return entry(rank, userId, null, score);
	}

	/** As {@link #entry(int, String, int)}, for a user with a name (null: none). */
	public static Map<String, Object> entry(int rank, String userId, String displayName, int score) {
		Map<String, Object> entry = new java.util.LinkedHashMap<>();
		entry.put("rank", rank);
		entry.put("user_id", userId);
		entry.put("display_name", displayName);
		entry.put("score", score);
		return entry;
	}

	public Response get(String path, String... headers) {
		return send(request(path, headers).GET());
	}

	public Response delete(String path, String... headers) {
		return send(request(path, headers).DELETE());
	}

	public Response post(String path, String body, String... headers) {
		HttpRequest.Builder builder = request(path, headers);
		if (body == null) {
			return send(builder.POST(HttpRequest.BodyPublishers.noBody()));
		}
		return send(builder.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public Response method(String method, String path, String contentType, String body, String... headers) {
		HttpRequest.Builder builder = request(path, headers);
		if (contentType != null) {
			builder.header("Content-Type", contentType);
		}
		return send(builder.method(method,
				(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody()));
	}

	/** {@code POST /update} for a user and count; returns the response. */
	public Response update(String userId, int count, String... headers) {
		return post("/api/redis-leaderboard/update", "{\"user_id\":\"" + userId + "\",\"count\":" + count + "}",
				headers);
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(this.timeout);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	private Response send(HttpRequest.Builder builder) {
		try {
			HttpResponse<String> response = this.http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
