package app.leaderboard.read.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.EventStream;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * {@code LEADERBOARD_EVENTS_PER_CLIENT} (the default, 4) over the board feeds and the
 * personal feeds together, with {@code LEADERBOARD_TRUSTED_PROXIES} naming 127.0.0.1
 * only: requests from 127.0.0.1 stand for the clients their X-Forwarded-For names, those
 * from 127.0.0.2 (another loopback address, which the tests connect from with a socket of
 * their own) for 127.0.0.2 whatever their header says.
 */
@TestPropertySource(properties = "leaderboard.trusted-proxies=127.0.0.1")
class StreamsPerClientIntegrationTests extends IntegrationTestBase {

	private static final String BOARD = "/api/redis-leaderboard/daily/events";

	private static final String FEED = "/api/redis-leaderboard/user/alice/events?period=weekly";

	@Autowired
	private StreamPlaces places;

	private final List<AutoCloseable> opened = new ArrayList<>();

	@AfterEach
	void closeStreams() throws Exception {
		for (AutoCloseable stream : this.opened) {
			stream.close();
		}
		// every place given back before the next test (the heartbeat finds them gone)
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> this.places.open() == 0);
	}

	@Test
	void aClientHoldsFourStreamsOfBothKindsTogetherAndTheFifthIsA429ForItAlone() {
		this.api.update("alice", 2);
		String[] client = { "X-Forwarded-For", "203.0.113.1" };
		EventStream board1 = open(BOARD, client);
		open("/api/redis-leaderboard/monthly/events?region=eu", client);
		open(FEED, client);
		open("/api/redis-leaderboard/user/alice/events?period=daily", client);

		for (String[] accept : new String[][] { { "Accept", "text/event-stream" }, { "Accept", "application/json" },
				{ "Accept", "text/html" }, {} }) {
			for (String path : new String[] { BOARD, FEED }) {
				Response refused = Refusals.refused(this.port, path, concat(client, accept));
				assertThat(refused.status()).as(path + " " + String.join(" ", accept)).isEqualTo(429);
				assertThat(refused.contentType()).startsWith("application/problem+json");
				assertThat(refused.body()).extractingPath("$.status").isEqualTo(429);
				assertThat(refused.body()).extractingPath("$.detail").asString().contains("4");
			}
		}
		// another client, and the proxy itself, are not affected
		assertThat(open(FEED, "X-Forwarded-For", "203.0.113.2").status()).isEqualTo(200);
		assertThat(open(BOARD).status()).isEqualTo(200);

		// a closed stream gives its place back within 5 s
		board1.close();
		long closed = System.nanoTime();
		Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> {
			EventStream again = EventStream.open(this.port, FEED, client);
			this.opened.add(again);
			return again.status() == 200;
		});
		assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(5));
		assertThat(Refusals.refused(this.port, FEED, client).status()).isEqualTo(429);
	}

	@Test
	void xForwardedForIsHonouredFromATrustedProxyOnly() throws Exception {
		this.api.update("alice", 2);
		// from the trusted proxy: six clients with a stream each
		for (int i = 1; i <= 6; i++) {
			assertThat(open(FEED, "X-Forwarded-For", "198.51.100." + i).status()).isEqualTo(200);
		}
		// a client's own header names the nearest untrusted address: 198.51.100.1 is full
		for (int i = 0; i < 3; i++) {
			open(BOARD, "X-Forwarded-For", "198.51.100.1");
		}
		assertThat(Refusals.refused(this.port, FEED, "X-Forwarded-For", "10.9.9.9, 198.51.100.1").status())
			.isEqualTo(429);
		assertThat(open(FEED, "X-Forwarded-For", "198.51.100.1, 10.9.9.9").status()).isEqualTo(200);

		// from 127.0.0.2, not a trusted proxy: one client whatever the header says
		for (int i = 1; i <= 4; i++) {
			RawStream stream = RawStream.open("127.0.0.2", this.port, FEED, "X-Forwarded-For: 192.0.2." + i);
			this.opened.add(stream);
			assertThat(stream.status()).as("stream %d from 127.0.0.2", i).isEqualTo(200);
		}
		try (RawStream refused = RawStream.open("127.0.0.2", this.port, BOARD, "X-Forwarded-For: 192.0.2.99")) {
			assertThat(refused.status()).isEqualTo(429);
		}
	}

	private EventStream open(String path, String... headers) {
		EventStream stream = EventStream.open(this.port, path, headers);
		this.opened.add(stream);
		return stream;
	}

	private static String[] concat(String[] first, String[] second) {
		String[] both = new String[first.length + second.length];
		System.arraycopy(first, 0, both, 0, first.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	/**
	 * A request sent from a chosen local address over a socket of its own (the JDK's HTTP
	 * client cannot pick one); the stream stays open until closed.
	 */
	static final class RawStream implements AutoCloseable {

		private final Socket socket;

		private final int status;

		private RawStream(Socket socket, int status) {
			this.socket = socket;
			this.status = status;
		}

		static RawStream open(String from, int port, String path, String... headerLines) {
			Socket socket = new Socket();
			try {
				socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
				socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
				socket.setSoTimeout(5000);
				StringBuilder request = new StringBuilder(
						"GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n");
				for (String line : headerLines) {
					request.append(line).append("\r\n");
				}
				OutputStream out = socket.getOutputStream();
				out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
				out.flush();
				InputStream in = socket.getInputStream();
				StringBuilder statusLine = new StringBuilder();
				int c;
				while ((c = in.read()) != -1 && c != '\n') {
					statusLine.append((char) c);
				}
				// HTTP/1.1 200
				return new RawStream(socket, Integer.parseInt(statusLine.toString().split(" ")[1]));
			}
			catch (IOException ex) {
				try {
					socket.close();
				}
				catch (IOException closing) {
					ex.addSuppressed(closing);
				}
				throw new UncheckedIOException(ex);
			}
		}

		int status() {
			return this.status;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
