package app.leaderboard.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import app.leaderboard.support.Browser;
import app.leaderboard.support.EventStream;
import app.leaderboard.support.IntegrationTestBase;

/**
 * The page against the real per-client cap of four event streams
 * ({@code LEADERBOARD_EVENTS_PER_CLIENT}, default), shared with this test: the browser
 * and the test's own streams are one client (the loopback address). The page holds two
 * streams at most (its board and the looked-up user), a refused one (429) is tried again
 * later rather than in a loop, and what it leaves gives its place back.
 */
class PageStreamCapBrowserIntegrationTests extends IntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(10);

	/** Counts the {@code EventSource}s the page makes, before its scripts run. */
	private static final String INSTRUMENT = """
			(() => {
			  const Native = window.EventSource;
			  const all = [];
			  window.__streams = { urls: () => all.map((stream) => stream.url) };
			  window.EventSource = class extends Native {
			    constructor(url, init) { super(url, init); all.push(this); }
			  };
			})();
			""";

	private static final String BOARD = "/api/redis-leaderboard/weekly/events";

	private static Browser browser;

	private final List<EventStream> held = new ArrayList<>();

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
		browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", INSTRUMENT));
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	@AfterEach
	void closeStreams() {
		browser.driver().get("about:blank");
		this.held.forEach(EventStream::close);
	}

	@Test
	void aRefusedFeedIsRetriedLaterAndThePageNeverHoldsMoreThanTwoStreams() {
		this.api.update("alice", 2);
		this.api.update("bob", 1);
		// the test holds three of the client's four places
		for (int i = 0; i < 3; i++) {
			assertThat(hold().status()).isEqualTo(200);
		}
		browser.size(1280, 1000);
		browser.driver().get("http://127.0.0.1:" + this.port + "/");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("live"), "live"));

		// the user's feed would be a fifth stream: refused, and the page says it waits
		lookUp("alice");
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "Live changes paused"));
		// the rank is still shown (periodic reads)
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-rank"), "Rank 1"));

		// a place comes free: the page's next try gets it
		this.held.remove(0).close();
		browser.waiting(Duration.ofSeconds(30))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "live:"));
		// tried again every few seconds, not in a loop: a handful of tries over that time
		assertThat(userStreams()).hasSizeBetween(2, 4).allMatch((url) -> url.contains("/user/alice/events"));

		// another user: alice's feed is closed first, bob's gets a place within the cap
		// (at once or at a later try, once the server noticed alice's closed)
		lookUp("bob");
		browser.waiting(Duration.ofSeconds(30))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "changes of bob"));
		// the page holds two (board, bob) and the test two: the client is full...
		assertThat(hold().status()).isEqualTo(429);
		// ...and a place the test gives back can be taken again: the page took no more
		this.held.remove(0).close();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> hold().status() == 200);
		assertThat(userStreams()).filteredOn((url) -> url.contains("/user/bob/")).hasSizeBetween(1, 4);
		assertThat(browser.console()).noneMatch((line) -> line.contains("Content Security Policy"));
	}

	private EventStream hold() {
		EventStream stream = EventStream.open(this.port, BOARD);
		this.held.add(stream);
		return stream;
	}

	private List<String> userStreams() {
		Object urls = browser.script("return window.__streams.urls()");
		return ((List<?>) urls).stream().map(String::valueOf).filter((url) -> url.contains("/user/")).toList();
	}

	private void lookUp(String user) {
		WebElement id = browser.waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("lookup-id")));
		id.clear();
		id.sendKeys(user, Keys.ENTER);
	}

}
