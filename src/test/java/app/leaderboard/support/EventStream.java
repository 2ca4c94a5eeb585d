package app.leaderboard.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.jayway.jsonpath.JsonPath;
import org.springframework.test.json.JsonContent;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw {@code text/event-stream} read with a plain HTTP client, as a non-browser client
 * would: the lines are parsed into events (RFC-style: {@code event:}, {@code data:},
 * comments, a blank line ends an event) by a reader thread.
 */
public final class EventStream implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** One event, or a comment (name {@code ":"}), and when it arrived. */
	public record Event(String name, String data, long receivedNanos) {

		/**
		 * The data for AssertJ, read by JSON path (as {@link TestApi.Response#body()}).
		 */
		public JsonContent body() {
			return new JsonContent(this.data);
		}

		/** The value at a JSON path, for helpers; fails when the path is missing. */
		public <T> T read(String path) {
			return JsonPath.read(this.data, path);
		}

		public JsonNode json() {
			return JSON.readTree(this.data);
		}

	}

	/** The end of the stream, as an event. */
	public static final String END = "<end>";

	private final int status;

	private final HttpHeaders headers;

	private final InputStream body;

	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	private final Thread reader;

	private EventStream(HttpResponse<InputStream> response) {
		this.status = response.statusCode();
		this.headers = response.headers();
		this.body = response.body();
		this.reader = new Thread(this::read, "event-stream-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	public static EventStream open(int port, String path) {
		return open(port, path, new String[0]);
	}

	/** A stream opened with more request headers: name, value, name, value... */
	public static EventStream open(int port, String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Accept", "text/event-stream")
			.GET();
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		HttpRequest request = builder.build();
		try {
			return new EventStream(HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public int status() {
		return this.status;
	}

	public HttpHeaders headers() {
		return this.headers;
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8))) {
			String name = "message";
			StringBuilder data = null;
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.isEmpty()) {
					if (data != null) {
						this.events.add(new Event(name, data.toString(), System.nanoTime()));
					}
					name = "message";
					data = null;
				}
				else if (line.startsWith(":")) {
					this.events.add(new Event(":", line.substring(1).trim(), System.nanoTime()));
				}
				else if (line.startsWith("event:")) {
					name = line.substring(6).trim();
				}
				else if (line.startsWith("data:")) {
					String value = line.substring(5);
					value = value.startsWith(" ") ? value.substring(1) : value;
					data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
				}
			}
		}
		catch (IOException ex) {
			// closed by this side, or the server went away: both end the stream
		}
		this.events.add(new Event(END, "", System.nanoTime()));
	}

	/** The next event or comment within the timeout, or null. */
	public Event next(Duration timeout) {
		try {
			return this.events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/** The first event named {@code name} that matches, within the timeout, or null. */
	public Event await(String name, Predicate<Event> matching, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (event != null && event.name().equals(name) && matching.test(event)) {
				return event;
			}
			if (event != null && event.name().equals(END)) {
				return null;
			}
		}
		return null;
	}

	/** Everything that arrives within the duration. */
	public List<Event> collect(Duration duration) {
		List<Event> collected = new ArrayList<>();
		long deadline = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < deadline) {
			Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
			if (event != null) {
				collected.add(event);
			}
		}
		return collected;
	}

	@Override
	public void close() {
		try {
			this.body.close();
		}
		catch (IOException ex) {
			// gone already
		}
	}

}
