package app.leaderboard.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.Browser;
import app.leaderboard.support.EventStream;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.Loopback;
import app.leaderboard.support.TcpProxy;

/**
 * {@code <leaderboard-board>} and {@code <leaderboard-user>} from {@code /widget.js} in
 * Debian's headless Chromium, on a page of another origin: {@code http://localhost:H},
 * served by the JDK's HTTP server with a strict Content-Security-Policy, and listed in
 * {@code LEADERBOARD_CORS_ORIGINS}. The browser reaches the service through a loopback
 * {@link TcpProxy}, so a test can cut the network and bring it back. The page holds two
 * boards on the same board and one user.
 * <p>
 * A client may hold two streams here ({@code LEADERBOARD_EVENTS_PER_CLIENT=2}): the three
 * components can all be live only if the two boards share one stream. The heartbeat is
 * short, so the places of a page the browser left are given back within half a second.
 * The page's {@code EventSource}s are also counted in the page, by a wrapper DevTools
 * installs before any script of the page runs (not subject to the page's policy).
 */
@TestPropertySource(properties = { "leaderboard.events-per-client=2", "leaderboard.events.heartbeat=250ms" })
class WidgetBrowserIntegrationTests extends IntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(15);

	/** The host page's port: {@code http://localhost:HOST_PORT} may call the service. */
	private static final int HOST_PORT = Loopback.freePort();

	/** Another origin's page, which the service does not list. */
	private static final int STRANGER_PORT = Loopback.freePort();

	private static final List<String> ALL = List.of("top", "all", "alice");

	private static final String INSTRUMENT = """
			(() => {
			  const Native = window.EventSource;
			  const all = [];
			  const open = () => all.filter((stream) => stream.readyState !== Native.CLOSED);
			  window.__streams = { max: 0, urls: () => all.map((stream) => stream.url),
			    open: () => open().map((stream) => stream.url) };
			  window.EventSource = class extends Native {
			    constructor(url, init) {
			      super(url, init);
			      all.push(this);
			      window.__streams.max = Math.max(window.__streams.max, open().length);
			    }
			  };
			})();
			""";

	private static Browser browser;

	private static HostPages pages;

	private TcpProxy network;

	@DynamicPropertySource
	static void hostOrigin(DynamicPropertyRegistry registry) {
		registry.add("leaderboard.cors-origins", () -> "http://localhost:" + HOST_PORT);
	}

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
		browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", INSTRUMENT));
		pages = new HostPages(HOST_PORT, STRANGER_PORT);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
		if (pages != null) {
			pages.close();
		}
	}

	@BeforeEach
	void network() {
		this.network = new TcpProxy(this.port);
		browser.size(1000, 900);
	}

	@AfterEach
	void leave() {
		browser.driver().get("about:blank");
		this.network.close();
	}

	@Test
	void twoBoardsAndAUserShowTheBoardAsTextShareOneStreamAndFollowAnUpdate() {
		update("alice", 3, "<b>Alice</b>");
		update("bob", 5, null);
		open(HOST_PORT);
		awaitUntil(() -> ALL.stream().allMatch((id) -> "live".equals(state(id))) && rows("all").size() == 2);

		assertThat(rows("top")).containsExactly("1 bob 5", "2 <b>Alice</b> 3");
		assertThat(rows("all")).containsExactly("1 bob 5", "2 <b>Alice</b> 3");
		// the name is text: no element was made of it
		assertThat(shadow("all", "tbody b")).isEqualTo(0L);
		assertThat(text("top", "caption")).isEqualTo("This week's leaderboard");
		assertThat(texts("top", "th[scope=col]")).containsExactly("Rank", "Name", "Pomodoros");
		assertThat(text("top", "[role=status]")).isEqualTo("Live");
		assertThat(text("alice", "[part=name]")).isEqualTo("<b>Alice</b>");
		assertThat(texts("alice", "dd")).containsExactly("2 of 2", "3", "100 %", "1 day");

		// the page holds both of its client's places: one board stream and one user feed
		try (EventStream another = EventStream.open(this.port, "/api/redis-leaderboard/daily/events")) {
			assertThat(another.status()).isEqualTo(429);
		}
		assertThat(streams("open")).hasSize(2)
			.anyMatch((url) -> url.endsWith("/api/redis-leaderboard/weekly/events?limit=10"))
			.anyMatch((url) -> url.endsWith("/api/redis-leaderboard/user/alice/events?period=weekly"));
		assertThat(browser.script("return window.__streams.max")).isEqualTo(2L);
		browser.screenshot("widget-live");

		browser.script("window.__updates = [];"
				+ "document.addEventListener('leaderboard-update', (event) => window.__updates.push(event.target.id));");
		update("carol", 4, null);
		awaitUntil(() -> rows("all").size() == 3 && "3 of 3".equals(texts("alice", "dd").get(0)));
		assertThat(rows("top")).containsExactly("1 bob 5", "2 carol 4");
		assertThat(rows("all")).containsExactly("1 bob 5", "2 carol 4", "3 <b>Alice</b> 3");
		assertThat(text("alice", "[part=overtaken]")).isEqualTo("Overtaken by carol");
		assertThat(text("all", "[aria-live=polite]")).startsWith("Standings changed: 1. bob, 5; 2. carol, 4");
		assertThat(text("alice", "[aria-live=polite]")).contains("rank 3 of 3");
		assertThat(strings(browser.script("return window.__updates"))).contains("top", "all", "alice");
		assertThat(browser.console()).noneMatch((line) -> line.contains("Content Security Policy"));
	}

	@Test
	void aNetworkDropShowsReconnectingAndTheComponentsComeBackWithTheCurrentBoard() {
		update("alice", 3, null);
		update("bob", 5, null);
		open(HOST_PORT);
		awaitUntil(() -> ALL.stream().allMatch((id) -> "live".equals(state(id))) && rows("all").size() == 2);

		this.network.cut();
		awaitUntil(() -> ALL.stream().allMatch((id) -> "reconnecting".equals(state(id))));
		assertThat(text("top", "[role=status]")).startsWith("Reconnecting…");
		// what was shown stays shown meanwhile
		assertThat(rows("top")).containsExactly("1 bob 5", "2 alice 3");
		browser.screenshot("widget-reconnecting");
		update("alice", 4, null);

		this.network.restore();
		awaitUntil(Duration.ofSeconds(45), () -> ALL.stream().allMatch((id) -> "live".equals(state(id)))
				&& rows("all").equals(List.of("1 alice 7", "2 bob 5")) && "1 of 2".equals(texts("alice", "dd").get(0)));
		assertThat(rows("top")).containsExactly("1 alice 7", "2 bob 5");
		assertThat(text("all", "[role=status]")).isEqualTo("Live");
		assertThat(browser.script("return window.__streams.max")).isEqualTo(2L);
		assertThat(browser.console()).noneMatch((line) -> line.contains("Content Security Policy"));
	}

	@Test
	void aComponentPastTheCapShowsItsBoardFromReadsAndGoesLiveOnceAPlaceIsFree() {
		update("alice", 3, null);
		update("bob", 5, null);
		open(HOST_PORT);
		awaitUntil(() -> ALL.stream().allMatch((id) -> "live".equals(state(id))));

		// another board for one component: a third stream, which the service refuses
		browser.script("document.getElementById('top').setAttribute('period', 'daily')");
		awaitUntil(() -> "paused".equals(state("top")) && rows("top").size() == 2);
		assertThat(text("top", "caption")).isEqualTo("Today's leaderboard");
		assertThat(text("top", "[role=status]")).isEqualTo("Live updates paused, trying again…");
		assertThat(rows("top")).containsExactly("1 bob 5", "2 alice 3");
		assertThat(state("all")).isEqualTo("live");

		// the other two leave the page: their streams close, and the next try gets a
		// place
		browser.script("document.getElementById('all').remove(); document.getElementById('alice').remove()");
		awaitUntil(Duration.ofSeconds(30), () -> "live".equals(state("top")));
		assertThat(streams("open")).hasSize(1)
			.allMatch((url) -> url.endsWith("/api/redis-leaderboard/daily/events?limit=2"));
		// refused tries came seconds apart, not in a loop
		assertThat(streams("urls")).filteredOn((url) -> url.contains("/daily/")).hasSizeBetween(2, 4);
	}

	@Test
	void aPageOfAnOriginTheServiceDoesNotListLoadsTheScriptButGetsNoData() {
		update("alice", 3, null);
		open(STRANGER_PORT);
		awaitUntil(() -> text("top", "[role=status]").equals("Connecting… (the leaderboard is not answering)"));

		assertThat(browser.script("return customElements.get('leaderboard-board') !== undefined")).isEqualTo(true);
		assertThat(rows("top")).containsExactly("Loading…");
		assertThat(browser.script(
				"return document.getElementById('top').shadowRoot.querySelector('table').getAttribute('aria-busy')"))
			.isEqualTo("true");
	}

	private void open(int pagePort) {
		pages.serve("http://127.0.0.1:" + this.network.port());
		browser.driver().get("http://localhost:" + pagePort + "/");
	}

	private void update(String user, int count, String name) {
		String displayName = (name != null) ? ",\"display_name\":\"" + name + "\"" : "";
		assertThat(this.api
			.post("/api/redis-leaderboard/update",
					"{\"user_id\":\"" + user + "\",\"count\":" + count + displayName + "}")
			.status()).isEqualTo(200);
	}

	private void awaitUntil(BooleanSupplier condition) {
		awaitUntil(WAIT, condition);
	}

	private void awaitUntil(Duration timeout, BooleanSupplier condition) {
		browser.waiting(timeout)
			.withMessage(WidgetBrowserIntegrationTests::shown)
			.until((driver) -> condition.getAsBoolean());
	}

	/** What each component shows, and the page's open streams: a failure's message. */
	private static String shown() {
		return String.valueOf(browser
			.script("""
					return [...document.querySelectorAll('leaderboard-board, leaderboard-user')].map((element) =>
					  `${element.id}: ${element.state}, '${element.shadowRoot.querySelector('[role=status]').textContent}', `
					  + [...element.shadowRoot.querySelectorAll('tr, dd')].map((row) => row.textContent).join(' | '))
					  .join('; ') + `; streams open: ${window.__streams.open().join(', ')}`"""));
	}

	private static String state(String id) {
		return String.valueOf(browser.script("return document.getElementById(arguments[0]).state", id));
	}

	/** The rows of a board's table, each as its cells' text joined by spaces. */
	private static List<String> rows(String id) {
		return strings(browser.script("return [...document.getElementById(arguments[0]).shadowRoot"
				+ ".querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent).join(' '))",
				id));
	}

	private static String text(String id, String selector) {
		return String.valueOf(browser.script(
				"return document.getElementById(arguments[0]).shadowRoot.querySelector(arguments[1]).textContent", id,
				selector));
	}

	private static List<String> texts(String id, String selector) {
		return strings(browser.script(
				"return [...document.getElementById(arguments[0]).shadowRoot"
						+ ".querySelectorAll(arguments[1])].filter((e) => !e.hidden).map((e) => e.textContent)",
				id, selector));
	}

	private static Object shadow(String id, String selector) {
		return browser.script(
				"return document.getElementById(arguments[0]).shadowRoot.querySelectorAll(arguments[1]).length", id,
				selector);
	}

	/** {@code urls}: every stream the page made; {@code open}: those open now. */
	private static List<String> streams(String which) {
		return strings(browser.script("return window.__streams." + which + "()"));
	}

	private static List<String> strings(Object list) {
		return new ArrayList<>(((List<?>) list).stream().map(String::valueOf).toList());
	}

	/**
	 * A site that embeds the components: one page, the same on two loopback ports (two
	 * origins), with a policy that allows scripts and connections to the service only,
	 * and styles from its own origin only (no inline style).
	 */
	private static final class HostPages implements AutoCloseable {

		private final List<HttpServer> servers = new ArrayList<>();

		private volatile String service = "";

		HostPages(int... ports) {
			for (int port : ports) {
				try {
					HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
							0);
					server.createContext("/", this::answer);
					server.start();
					this.servers.add(server);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}

		void serve(String service) {
			this.service = service;
		}

		private void answer(HttpExchange exchange) throws IOException {
			try {
				if (!exchange.getRequestURI().getPath().equals("/")) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				byte[] page = """
						<!doctype html>
						<html lang="en">
						<head>
						<meta charset="utf-8">
						<title>A site that embeds the leaderboard</title>
						<script type="module" src="%1$s/widget.js"></script>
						</head>
						<body>
						<main>
						<h1>Our team</h1>
						<leaderboard-board id="top" period="weekly" limit="2"></leaderboard-board>
						<leaderboard-board id="all" period="weekly" limit="10"></leaderboard-board>
						<leaderboard-user id="alice" user-id="alice" period="weekly"></leaderboard-user>
						</main>
						</body>
						</html>
						""".formatted(this.service).getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
				exchange.getResponseHeaders()
					.set("Content-Security-Policy",
							"default-src 'none'; script-src 'self' %1$s; connect-src %1$s; style-src 'self'; "
								.formatted(this.service) + "base-uri 'none'; form-action 'none'");
				exchange.sendResponseHeaders(200, page.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(page);
				}
			}
			finally {
				exchange.close();
			}
		}

		@Override
		public void close() {
			this.servers.forEach((server) -> server.stop(0));
		}

	}

}
