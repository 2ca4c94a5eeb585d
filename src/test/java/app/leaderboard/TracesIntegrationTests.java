package app.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.IntegrationTestBase;

/**
 * Traces with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set, received in this process: every
 * finished span through an exporter of the test's, and the OTLP/HTTP requests the service
 * sends to that endpoint on a loopback server of the test's. One update makes one trace:
 * the HTTP request (continuing the caller's {@code traceparent}), its batch, the batch's
 * PostgreSQL statements and its Redis write.
 */
@Import(TracesIntegrationTests.Spans.class)
// one committer and a window: updates sent together share a batch
@TestPropertySource(properties = { "leaderboard.write-committers=1", "leaderboard.write-batch-window=300ms" })
class TracesIntegrationTests extends IntegrationTestBase {

	private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");

	private static final OtlpReceiver receiver = new OtlpReceiver();

	@DynamicPropertySource
	static void otlp(DynamicPropertyRegistry registry) {
		registry.add("OTEL_EXPORTER_OTLP_ENDPOINT", () -> "http://127.0.0.1:" + receiver.port());
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop();
	}

	@Autowired
	private CollectedSpans spans;

	@Autowired
	private SdkTracerProvider tracerProvider;

	@Autowired
	private ObservationRegistry observations;

	@Autowired
	private Tracer tracer;

	@Autowired
	private Environment environment;

	@Test
	void anUpdateIsOneTraceFromItsRequestThroughItsBatchToPostgresAndRedis() {
		String traceId = HexFormat.of().formatHex(randomBytes(16));
		String callerSpanId = HexFormat.of().formatHex(randomBytes(8));
		assertThat(this.api.update("alice", 2, "traceparent", "00-" + traceId + "-" + callerSpanId + "-01").status())
			.isEqualTo(200);

		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
			List<SpanData> trace = this.spans.ofTrace(traceId);
			SpanData request = only(trace, (span) -> span.getKind() == SpanKind.SERVER, "the HTTP request");
			assertThat(request.getParentSpanId()).isEqualTo(callerSpanId);
			assertThat(request.getName()).contains("/api/redis-leaderboard/update");
			SpanData batch = only(trace, (span) -> span.getName().equals("update batch"), "the batch");
			assertThat(batch.getParentSpanId()).as("the batch's parent").isEqualTo(request.getSpanId());
			Map<String, SpanData> byId = trace.stream().collect(Collectors.toMap(SpanData::getSpanId, (s) -> s));
			List<SpanData> statements = trace.stream()
				.filter((span) -> span.getName().equals("query"))
				.filter((span) -> descendsFrom(span, batch, byId))
				.toList();
			assertThat(statements).as("PostgreSQL statements of the batch in " + names(trace)).isNotEmpty();
			assertThat(statements).anyMatch((span) -> span.getAttributes()
				.asMap()
				.entrySet()
				.stream()
				.anyMatch((e) -> e.getKey().getKey().startsWith("jdbc.query")
						&& e.getValue().toString().contains("outbox")));
			List<SpanData> redis = trace.stream()
				.filter((span) -> "redis".equals(span.getAttributes().get(DB_SYSTEM)))
				.filter((span) -> descendsFrom(span, batch, byId))
				.toList();
			assertThat(redis).as("Redis commands of the batch in " + names(trace)).isNotEmpty();
		});
		// and the same spans went out over OTLP/HTTP to the configured endpoint
		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
			assertThat(receiver.paths()).contains("/v1/traces");
			assertThat(receiver.carries(HexFormat.of().parseHex(traceId))).isTrue();
		});
	}

	@Test
	void aBatchIsTheChildOfItsFirstRequestAndLinksToTheOthers() throws Exception {
		List<String> traceIds = new ArrayList<>();
		List<Callable<Integer>> updates = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String traceId = HexFormat.of().formatHex(randomBytes(16));
			String traceparent = "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
			String user = "batched-" + i;
			traceIds.add(traceId);
			updates.add(() -> this.api.update(user, 1, "traceparent", traceparent).status());
		}
		ExecutorService senders = Executors.newFixedThreadPool(updates.size());
		try {
			for (Future<Integer> status : senders.invokeAll(updates, 30, TimeUnit.SECONDS)) {
				assertThat(status.get()).isEqualTo(200);
			}
		}
		finally {
			senders.shutdownNow();
		}
		Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
			List<SpanData> requests = new ArrayList<>();
			List<SpanData> batches = new ArrayList<>();
			for (String traceId : traceIds) {
				List<SpanData> trace = this.spans.ofTrace(traceId);
				requests.add(only(trace, (span) -> span.getKind() == SpanKind.SERVER, "the HTTP request"));
				trace.stream().filter((span) -> span.getName().equals("update batch")).forEach(batches::add);
			}
			// each request is in exactly one batch: as its parent or through a link
			for (SpanData request : requests) {
				long parentOf = batches.stream()
					.filter((batch) -> batch.getParentSpanId().equals(request.getSpanId()))
					.count();
				long linkedFrom = batches.stream()
					.filter((batch) -> batch.getLinks()
						.stream()
						.anyMatch((link) -> link.getSpanContext().getSpanId().equals(request.getSpanId())))
					.count();
				assertThat(parentOf + linkedFrom).as("batches serving " + request.getTraceId()).isEqualTo(1);
			}
			assertThat(batches).as("three updates sent together share a batch")
				.anyMatch((batch) -> !batch.getLinks().isEmpty());
		});
	}

	/**
	 * Log lines carry the trace id: Boot's log pattern gets its correlation field while
	 * traces are on, filled from the logging context of the current span. (Only the
	 * pattern's switch is checked here: the JVM's logging was set up by whichever test
	 * context started first.)
	 */
	@Test
	void logLinesCarryTheTraceId() {
		assertThat(this.environment.getProperty("logging.expect-correlation-id")).isEqualTo("true");
		Observation observation = Observation.start("test.logging", this.observations);
		try (Observation.Scope scope = observation.openScope()) {
			assertThat(MDC.get("traceId")).isEqualTo(this.tracer.currentSpan().context().traceId());
			assertThat(MDC.get("spanId")).isEqualTo(this.tracer.currentSpan().context().spanId());
		}
		finally {
			observation.stop();
		}
		assertThat(MDC.get("traceId")).isNull();
	}

	private static boolean descendsFrom(SpanData span, SpanData ancestor, Map<String, SpanData> byId) {
		SpanData current = span;
		for (int depth = 0; depth < 10 && current != null; depth++) {
			if (current.getParentSpanId().equals(ancestor.getSpanId())) {
				return true;
			}
			current = byId.get(current.getParentSpanId());
		}
		return false;
	}

	private static SpanData only(List<SpanData> trace, Predicate<SpanData> which, String what) {
		List<SpanData> found = trace.stream().filter(which).toList();
		assertThat(found).as(what + " in " + names(trace)).hasSize(1);
		return found.get(0);
	}

	private static List<String> names(List<SpanData> trace) {
		return trace.stream().map((span) -> span.getName() + "(" + span.getKind() + ")").toList();
	}

	private static byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		new SecureRandom().nextBytes(bytes);
		bytes[0] |= 1;
		return bytes;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Spans {

		@Bean
		CollectedSpans collectedSpans() {
			return new CollectedSpans();
		}

	}

	/** Every span the service finished, as its exporters get them. */
	static final class CollectedSpans implements SpanExporter {

		private final List<SpanData> spans = new CopyOnWriteArrayList<>();

		List<SpanData> ofTrace(String traceId) {
			return this.spans.stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
		}

		@Override
		public CompletableResultCode export(Collection<SpanData> finished) {
			this.spans.addAll(finished);
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode flush() {
			return CompletableResultCode.ofSuccess();
		}

		@Override
		public CompletableResultCode shutdown() {
			return CompletableResultCode.ofSuccess();
		}

	}

	/**
	 * An OTLP/HTTP endpoint on loopback that accepts every export and keeps its bytes.
	 */
	static final class OtlpReceiver {

		private final HttpServer server;

		private final List<String> paths = new CopyOnWriteArrayList<>();

		private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

		OtlpReceiver() {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.createContext("/", (exchange) -> {
				try (InputStream body = exchange.getRequestBody()) {
					this.paths.add(exchange.getRequestURI().getPath());
					this.bodies.add(body.readAllBytes());
				}
				exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			this.server.start();
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		List<String> paths() {
			return new ArrayList<>(this.paths);
		}

		boolean carries(byte[] bytes) {
			return this.bodies.stream().anyMatch((body) -> indexOf(body, bytes) >= 0);
		}

		void stop() {
			this.server.stop(0);
		}

		private static int indexOf(byte[] haystack, byte[] needle) {
			outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
				for (int j = 0; j < needle.length; j++) {
					if (haystack[i + j] != needle[j]) {
						continue outer;
					}
				}
				return i;
			}
			return -1;
		}

	}

}
