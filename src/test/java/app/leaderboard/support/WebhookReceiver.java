package app.leaderboard.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on loopback (the JDK's own HTTP server): it records every request,
 * answers each with the next status queued by {@link #answer} (200 when none is), and
 * checks signatures the way docs/api.md tells a receiver to.
 */
public final class WebhookReceiver implements AutoCloseable {

	/** A request as received: its headers and the exact body bytes. */
	public record Received(Map<String, List<String>> headers, byte[] body) {

		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((e) -> e.getKey().equalsIgnoreCase(name))
				.map((e) -> e.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		public <T> T read(String path) {
			return JsonPath.read(text(), path);
		}

		public String id() {
			return read("$.id");
		}

		/**
		 * Whether {@code X-Leaderboard-Signature} is the HMAC of the body with the
		 * secret.
		 */
		public boolean signedWith(String secret) {
			String header = header("X-Leaderboard-Signature");
			return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.US_ASCII),
					("sha256=" + hmac(secret, this.body)).getBytes(StandardCharsets.US_ASCII));
		}

	}

	private final HttpServer server;

	private final ExecutorService threads = Executors.newFixedThreadPool(2);

	private final String path;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();

	private WebhookReceiver(String path) throws IOException {
		this.path = path;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			if (exchange.getRequestURI().getPath().equals(this.path)) {
				this.received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
			}
			Integer status = this.answers.poll();
			if (status != null && status == LATE) {
				pause();
				status = 200;
			}
			exchange.sendResponseHeaders((status != null) ? status : 200, -1);
			exchange.close();
		});
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	/** A receiver listening at {@code path} (other paths are answered, not recorded). */
	public static WebhookReceiver start(String path) {
		try {
			return new WebhookReceiver(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + this.path;
	}

	/** An answer that comes 6 s late, past the sender's 5 s: a 200 nobody reads. */
	public static final int LATE = 0;

	private static void pause() {
		try {
			Thread.sleep(6_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The next requests get these statuses ({@link #LATE}: none in time), in order; then
	 * 200 again.
	 */
	public void answer(Integer... statuses) {
		this.answers.addAll(List.of(statuses));
	}

	public List<Received> received() {
		return new ArrayList<>(this.received);
	}

	public void clear() {
		this.received.clear();
		this.answers.clear();
	}

	public static String hmac(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
