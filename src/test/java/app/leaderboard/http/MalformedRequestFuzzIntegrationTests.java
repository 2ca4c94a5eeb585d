package app.leaderboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;

import app.leaderboard.support.IntegrationTestBase;

/**
 * Hundreds of malformed requests, from a seeded generator so a failure can be replayed:
 * odd methods, paths, path segments, query strings, headers and bodies, sent to every
 * endpoint (the admin ones without their token). None may answer 5xx, every 4xx must be
 * problem+json without internals, and no table may change.
 */
class MalformedRequestFuzzIntegrationTests extends IntegrationTestBase {

	private static final long SEED = 20261125L;

	private static final int REQUESTS = 600;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] METHODS = { "GET", "GET", "GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH",
			"OPTIONS", "HEAD" };

	private static final String[] PATHS = { "/api/redis-leaderboard/update", "/api/redis-leaderboard/{period}",
			"/api/redis-leaderboard/user/{user}", "/api/redis-leaderboard/user/{user}/rank/{period}",
			"/api/redis-leaderboard/admin/sync", "/api/redis-leaderboard/admin/reset/{period}",
			"/api/redis-leaderboard/admin/status", "/api/redis-leaderboard/admin/cache", "/actuator/health",
			"/actuator/prometheus", "/actuator/{user}", "/v3/api-docs", "/error", "/", "/api/redis-leaderboard",
			"/api/redis-leaderboard/", "/api/redis-leaderboard/update/{user}", "/api//redis-leaderboard/daily",
			"/api/redis-leaderboard/./daily", "/api/redis-leaderboard/{user}/{user}/{period}",
			"/api/redis-leaderboard/user/{user}/around/{period}", "/api/redis-leaderboard/{period}/users",
			"/api/redis-leaderboard/user/{user}/history/daily", "/api/redis-leaderboard/user/{user}/history/{period}",
			"/api/redis-leaderboard/{period}/users/{user}", "/api/redis-leaderboard/user/{user}/around" };

	private static final String[] SEGMENTS = { "daily", "weekly", "DAILY", "hourly", "", "alice", "bob", "nobody",
			"a%20b", "%00", "%2F", "%2e%2e", "..", ".", "%C3%A9", "%FF%FE", "a;b=c", "daily;jsessionid=1", "%0d%0a",
			"x".repeat(65), "y".repeat(3000), "-1", "0", "9999999999999999999999", "%7B%7D", "%3Cscript%3E", "null",
			"a@b:c+d", "%25", "~", "!$&'()*+,=", "%5C", "user%2F..%2Fadmin" };

	private static final String[] QUERIES = { "", "?limit=0", "?limit=-1", "?limit=1001", "?limit=abc", "?limit=",
			"?offset=-5", "?offset=99999999999999999999", "?limit=1e3", "?limit=10&limit=20", "?limit=%00",
			"?offset=1.5", "?limit=+5", "?limit=%20", "?a=b&&&=", "?" + "q=x&".repeat(200), "?limit=10#frag",
			"?%FF=%FE", "?limit=9223372036854775808", "?offset=0x10", "?user_id=alice&count=1", "?date=2026-11-24",
			"?date=2026-11-26", "?date=2026-02-30", "?date=", "?date=yesterday", "?date=1900-01-01",
			"?date=-999999999-01-01", "?date=%2B10000-01-01", "?date=2026-11-24&date=2026-11-23", "?date=2025-10-20",
			"?date=0000-00-00", "?radius=51", "?radius=-1", "?radius=0", "?radius=5e1", "?radius=%00", "?ids=alice,bob",
			"?ids=", "?ids=,", "?ids=alice,,bob", "?ids=alice%2Cbob", "?ids=" + "a,".repeat(101),
			"?ids=" + "u".repeat(65), "?ids=%00,alice", "?ids=alice&ids=bob", "?ids=alice&date=2026-11-26",
			"?ids=bob,nobody&radius=3&date=2026-11-23", "?days=0", "?days=367", "?days=30", "?days=x", "?days=-1" };

	private static final String[] CONTENT_TYPES = { "application/json", "application/json", "text/plain",
			"application/json; charset=nope", "application/json;charset=utf-16", "application/xml",
			"multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "*/*", "application/", "garbage",
			"application/problem+json" };

	private static final String[] ACCEPTS = { "application/json", "application/xml", "text/html", "*/*", "image/png",
			"application/problem+json", "text/plain;q=0.1, application/xml", "garbage/", "" };

	private static final String[] AUTHORIZATIONS = { "Bearer", "Bearer ", "Basic YWxpY2U6cGFzcw==", "Bearer a.b.c",
			"Bearer " + "z".repeat(5000), "bearer wrong-admin-token", "Digest x", "Bearer eyJhbGciOiJub25lIn0.e30." };

	private static final String[] BAD_COUNTS = { "0", "-1", "1.5", "2.0", "\"2\"", "null", "1001", "true", "[]", "{}",
			"1e2", "99999999999999999999", "-0", "NaN", "Infinity", "0x10", "01" };

	private static final String[] BAD_USERS = { "\"\"", "\"a b\"", "\"" + "u".repeat(65) + "\"", "7", "null",
			"\"\\u00e9\"", "\"a/b\"", "[\"alice\"]", "{}", "\"alice\\u0000\"", "\"<script>\"", "\"a'--\"" };

	private static final String JSONISH = "{}[]\":,0123456789-+.eE truefalsnul\\u\t\n";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void noMalformedRequestGets5xxOrAPlainErrorOrChangesAnything() throws Exception {
		this.api.update("alice", 3);
		this.api.update("bob", 5, "Idempotency-Key", "seeded");
		List<String> before = snapshot();
		Random random = new Random(SEED);
		List<String> failures = new ArrayList<>();
		int sent = 0;

		for (int i = 0; i < REQUESTS; i++) {
			HttpRequest request = request(random);
			if (request == null) {
				continue;
			}
			sent++;
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			String problem = judge(request, response);
			if (problem != null) {
				failures
					.add("#" + i + " " + request.method() + " " + request.uri() + " " + request.headers().map() + " -> "
							+ response.statusCode() + " " + response.headers().firstValue("Content-Type").orElse("")
							+ " " + abbreviate(response.body()) + ": " + problem);
			}
		}

		assertThat(sent).isGreaterThan(REQUESTS / 2);
		assertThat(failures).isEmpty();
		assertThat(snapshot()).isEqualTo(before);
	}

	/** Requests no HTTP client library would send, written to the socket as they are. */
	@Test
	void brokenHttpGetsNo5xxAndAnyBodyIsAProblem() throws Exception {
		String host = "Host: 127.0.0.1\r\n";
		String[] raw = { "GET /api/redis-leaderboard/daily HTTP/1.1\r\n" + host + "Bad Header\r\n\r\n",
				"GET /api/redis-leaderboard/da ily HTTP/1.1\r\n" + host + "\r\n",
				"GET /api/redis-leaderboard/daily?x=<>{} HTTP/1.1\r\n" + host + "\r\n",
				"GET /api/redis-leaderboard/%zz HTTP/1.1\r\n" + host + "\r\n",
				"FOO /api/redis-leaderboard/daily HTTP/1.1\r\n" + host + "\r\n",
				"GET /api/redis-leaderboard/daily HTTP/9.9\r\n" + host + "\r\n",
				"GET /api/redis-leaderboard/daily HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n",
				"POST /api/redis-leaderboard/update HTTP/1.1\r\n" + host
						+ "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}",
				"POST /api/redis-leaderboard/update HTTP/1.1\r\n" + host
						+ "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
				"POST /api/redis-leaderboard/update HTTP/1.1\r\n" + host
						+ "Content-Type: application/json\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}",
				"GET /api/redis-leaderboard/daily HTTP/1.1\r\n" + host + "Accept: \u00ff\u00fe\r\n\r\n", "\r\n\r\n",
				"GET\r\n\r\n" };
		List<String> before = snapshot();
		List<String> failures = new ArrayList<>();

		for (String request : raw) {
			String answer = sendRaw(request);
			int status = statusOf(answer);
			int split = answer.indexOf("\r\n\r\n");
			String head = (split >= 0) ? answer.substring(0, split).toLowerCase(Locale.ROOT) : answer;
			String body = (split >= 0) ? answer.substring(split + 4) : "";
			// 505 is what HTTP prescribes for an unknown protocol version; Tomcat answers
			// it before any of the service's code runs
			if (status >= 500 && status != 505) {
				failures.add(abbreviate(request) + " -> " + abbreviate(answer));
			}
			else if (status >= 400 && !body.isBlank() && !head.contains("content-type: application/problem+json")) {
				failures.add(abbreviate(request) + " -> not problem+json: " + abbreviate(answer));
			}
		}

		assertThat(failures).isEmpty();
		assertThat(snapshot()).isEqualTo(before);
	}

	private String sendRaw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			socket.shutdownOutput();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (SocketException ex) {
			// the server closed the connection without an answer: nothing to judge
			return "";
		}
	}

	private static int statusOf(String answer) {
		if (!answer.startsWith("HTTP/1.1 ") || answer.length() < 12) {
			return 0;
		}
		return Integer.parseInt(answer.substring(9, 12));
	}

	private static String judge(HttpRequest request, HttpResponse<String> response) {
		int status = response.statusCode();
		if (status >= 500) {
			return "a 5xx";
		}
		if (status < 400 || request.method().equals("HEAD")) {
			return null;
		}
		if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
			return "not problem+json";
		}
		JsonNode body;
		try {
			body = JSON.readTree(response.body());
		}
		catch (RuntimeException ex) {
			return "an unreadable problem";
		}
		if (body.get("status") == null || body.get("status").intValue() != status || body.get("title") == null) {
			return "a problem without status or title";
		}
		for (String internal : new String[] { "Exception", "\tat ", "at org.", "SQL", "ERR ", "WRONGTYPE",
				ADMIN_TOKEN }) {
			if (response.body().contains(internal)) {
				return "internal text '" + internal + "'";
			}
		}
		return null;
	}

	/** One random request, or null when the generator made a URI Java will not send. */
	private HttpRequest request(Random random) {
		String method = pick(random, METHODS);
		String path = pick(random, PATHS);
		while (path.contains("{")) {
			path = path.replaceFirst("\\{[a-z]+\\}", Matcher.quoteReplacement(pick(random, SEGMENTS)));
		}
		String target = "http://127.0.0.1:" + this.port + path + pick(random, QUERIES);
		HttpRequest.Builder builder;
		try {
			builder = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (random.nextInt(3) > 0) {
			builder.header("Content-Type", pick(random, CONTENT_TYPES));
		}
		if (random.nextBoolean()) {
			String accept = pick(random, ACCEPTS);
			if (!accept.isEmpty()) {
				builder.header("Accept", accept);
			}
		}
		if (random.nextInt(3) == 0) {
			builder.header("Authorization", pick(random, AUTHORIZATIONS));
		}
		if (random.nextInt(4) == 0) {
			builder.header("Idempotency-Key", idempotencyKey(random));
		}
		if (random.nextInt(6) == 0) {
			builder.header("Origin", random.nextBoolean() ? "https://evil.example" : "null");
		}
		if (random.nextInt(8) == 0) {
			builder.header("Range", "bytes=" + random.nextInt(100) + "-" + (random.nextInt(200) - 50));
		}
		if (random.nextInt(8) == 0) {
			builder.header("X-Forwarded-For", "' or 1=1 --, 300.1.1.1");
		}
		boolean withBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
				|| random.nextInt(10) == 0;
		String body = withBody ? body(random) : null;
		try {
			return builder
				.method(method,
						(body != null) ? HttpRequest.BodyPublishers.ofString(body)
								: HttpRequest.BodyPublishers.noBody())
				.build();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String idempotencyKey(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> "";
			case 1 -> "k".repeat(129);
			case 2 -> "\u00e9t\u00e9";
			default -> "key-" + random.nextInt(5);
		};
	}

	/**
	 * A body that is never a valid update: broken JSON, or valid JSON with a bad field.
	 */
	private static String body(Random random) {
		switch (random.nextInt(7)) {
			case 0:
				return "{\"user_id\":\"alice\",\"count\":" + pick(random, BAD_COUNTS) + "}";
			case 1:
				return "{\"user_id\":" + pick(random, BAD_USERS) + ",\"count\":1}";
			case 2: {
				StringBuilder text = new StringBuilder();
				int length = random.nextInt(200);
				for (int i = 0; i < length; i++) {
					text.append(JSONISH.charAt(random.nextInt(JSONISH.length())));
				}
				// a valid update needs "user_id", which these characters cannot spell
				return text.toString();
			}
			case 3:
				return "[".repeat(1 + random.nextInt(5000)) + "]".repeat(random.nextInt(10));
			case 4:
				return "{\"user_id\":\"alice\",\"count\":1" + ",\"x\":\"" + "v".repeat(random.nextInt(20_000)) + "\"";
			case 5: {
				byte[] bytes = new byte[random.nextInt(300)];
				random.nextBytes(bytes);
				return new String(bytes, StandardCharsets.ISO_8859_1);
			}
			default:
				return pick(random,
						new String[] { "", "null", "\"alice\"", "{", "}", "{\"user_id\":\"alice\"}", "{\"count\":1}",
								"{\"user_id\":\"alice\",\"count\":1,}", "{'user_id':'alice','count':1}",
								"{\"user_id\":\"alice\",\"user_id\":\"bob\",\"count\":0}", "\ufeff{\"count\":0}" });
		}
	}

	private List<String> snapshot() {
		List<String> tables = new ArrayList<>();
		tables.add(this.jdbc.queryForList("select * from users order by user_id").toString());
		tables.add(this.jdbc.queryForList("select * from period_totals order by period, period_start, user_id")
			.toString());
		tables.add(this.jdbc.queryForList("select * from board_sizes order by period, period_start, shard").toString());
		tables.add(this.jdbc.queryForList("select * from idempotency_keys order by 1").toString());
		return tables;
	}

	private static <T> T pick(Random random, T[] values) {
		return values[random.nextInt(values.length)];
	}

	private static String abbreviate(String text) {
		return (text == null || text.length() <= 200) ? text : text.substring(0, 200) + "...";
	}

}
