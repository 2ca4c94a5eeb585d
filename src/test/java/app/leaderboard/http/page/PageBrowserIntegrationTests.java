package app.leaderboard.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.json.JsonContent;

import app.leaderboard.support.Browser;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * The page and the admin view in Debian's headless Chromium, against the running service.
 * Each scenario leaves a screenshot under {@code target/screenshots/}.
 * <p>
 * Every page here is one client (the loopback address), and a stream a page left is
 * noticed closed only at a heartbeat's failed write (within 5 s), so one scenario after
 * another would meet the per-client cap of four streams; the cap itself is tested in
 * {@code StreamsPerClientIntegrationTests}.
 */
@TestPropertySource(properties = "leaderboard.events-per-client=50")
class PageBrowserIntegrationTests extends IntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static Browser browser;

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	@BeforeEach
	void wideWindow() {
		browser.size(1280, 1000);
		browser.driver().get("about:blank");
	}

	@Test
	void theBoardShowsWhatTheApiAnswersWithAStrictPolicyAndNoScriptErrors() {
		seed(25);
		Response page = this.api.get("/");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		String policy = page.header("Content-Security-Policy").orElse("");
		assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
		assertThat(page.text()).doesNotContain("<script>").doesNotContain("style=").doesNotContain(" on");

		open("/");
		awaitRows("board-rows", 10);
		assertThat(rows("board-rows")).isEqualTo(entries(this.api.get("/api/redis-leaderboard/daily?limit=10")));
		assertThat(text("page-info")).isEqualTo("Page 1 of 3");
		assertThat(text("board-meta")).contains("25 people since 2026-11-25");
		assertThat(browser.driver().findElement(By.id("banner-fallback")).isDisplayed()).isFalse();
		assertThat(browser.driver().findElement(By.id("banner-down")).isDisplayed()).isFalse();
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("live"), "live"));
		browser.screenshot("boards");
		assertThat(browser.console()).noneMatch((line) -> line.contains("Content Security Policy"))
			.noneMatch((line) -> line.contains("SEVERE"));
	}

	@Test
	void pagingAndTabsShowTheRightPages() {
		seed(25);
		this.api.update("weekly-only", 1);
		open("/");
		awaitRows("board-rows", 10);

		click("page-next");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("page-info"), "Page 2 of 3"));
		assertThat(rows("board-rows"))
			.isEqualTo(entries(this.api.get("/api/redis-leaderboard/daily?limit=10&offset=10")));
		click("page-next");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("page-info"), "Page 3 of 3"));
		assertThat(rows("board-rows")).hasSize(6);
		assertThat(browser.driver().findElement(By.id("page-next")).isEnabled()).isFalse();
		click("page-prev");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("page-info"), "Page 2 of 3"));

		click("tab-weekly");
		browser.waiting(WAIT).until(ExpectedConditions.attributeToBe(By.id("tab-weekly"), "aria-selected", "true"));
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("page-info"), "Page 1 of 3"));
		assertThat(rows("board-rows")).isEqualTo(entries(this.api.get("/api/redis-leaderboard/weekly?limit=10")));
		assertThat(browser.driver().findElement(By.id("tab-daily")).getAttribute("aria-selected")).isEqualTo("false");

		// the keyboard: arrows move between the tabs and select them
		browser.driver().findElement(By.id("tab-weekly")).sendKeys(Keys.ARROW_RIGHT);
		browser.waiting(WAIT).until(ExpectedConditions.attributeToBe(By.id("tab-monthly"), "aria-selected", "true"));
		assertThat(browser.script("return document.activeElement.id")).isEqualTo("tab-monthly");
		browser.screenshot("tabs");
	}

	@Test
	void anUpdateFromAnotherClientAppearsWithinTwoSeconds() {
		seed(5);
		open("/");
		awaitRows("board-rows", 5);
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("live"), "live"));

		assertThat(this.api.update("newcomer", 100).status()).isEqualTo(200);
		long posted = System.nanoTime();
		browser.waiting(Duration.ofSeconds(2))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#board-rows tr:first-child"),
					"newcomer"));
		assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(2));
		assertThat(rows("board-rows").get(0)).isEqualTo("1 newcomer 100");
		browser.screenshot("live-update");
	}

	@Test
	void theScopeSelectorShowsARegionsBoardLiveAndBackToEveryones() {
		for (int i = 1; i <= 6; i++) {
			assertThat(this.api
				.post("/api/redis-leaderboard/update",
						"{\"user_id\":\"u" + i + "\",\"count\":" + i + ",\"region\":\"" + ((i % 2 == 0) ? "eu" : "us")
								+ "\"}")
				.status()).isEqualTo(200);
		}
		open("/");
		awaitRows("board-rows", 6);
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("live"), "live"));

		// the keyboard: choose "a region", type its name, Enter
		WebElement scope = browser.driver().findElement(By.id("scope"));
		scope.sendKeys("a region");
		type("scope-name", "eu");
		awaitRows("board-rows", 3);
		assertThat(rows("board-rows"))
			.isEqualTo(entries(this.api.get("/api/redis-leaderboard/daily?limit=10&region=eu")))
			.containsExactly("1 u6 6", "2 u4 4", "3 u2 2");
		assertThat(text("board-meta")).contains("3 people");

		// live: a newcomer to eu shows within two seconds; one in us does not
		this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"uk1\",\"count\":50,\"region\":\"us\"}");
		this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"eu1\",\"count\":40,\"region\":\"eu\"}");
		browser.waiting(Duration.ofSeconds(2))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#board-rows tr:first-child"),
					"eu1"));
		assertThat(rows("board-rows")).containsExactly("1 eu1 40", "2 u6 6", "3 u4 4", "4 u2 2");
		browser.screenshot("region-board");

		scope.sendKeys("everyone");
		awaitRows("board-rows", 8);
		assertThat(rows("board-rows")).isEqualTo(entries(this.api.get("/api/redis-leaderboard/daily?limit=10")));
	}

	@Test
	void theLookupShowsStatsAndRankAndAnnouncesARankChange() {
		seed(25);
		open("/");
		awaitRows("board-rows", 10);
		WebElement id = browser.driver().findElement(By.id("lookup-id"));
		id.sendKeys("u10", Keys.ENTER);
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("lookup-result")));
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-rank"), "Rank"));
		JsonContent rank = this.api.get("/api/redis-leaderboard/user/u10/rank/daily").body();
		assertThat(rank).extractingPath("$.rank")
			.satisfies((number) -> assertThat(text("user-rank")).startsWith("Rank " + number + " of 25 today"));
		assertThat(text("stat-daily")).isEqualTo("10");
		assertThat(text("stat-yearly")).isEqualTo("10");
		// rank 16 of 25: top ceil(10000 * 16 / 25) / 100 = 64 %
		assertThat(rank).extractingPath("$.top_percent").isEqualTo(64.0);
		assertThat(text("user-rank")).contains("top 64 %");
		// the around-me window: five above, the user, five below, as the API answers it
		awaitRows("around-rows", 11);
		assertThat(rows("around-rows"))
			.isEqualTo(entries(this.api.get("/api/redis-leaderboard/user/u10/around/daily?radius=5")));
		assertThat(rows("around-rows").get(5)).isEqualTo("16 u10 10");
		// the last 30 days, from the daily history
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBe(By.id("history-summary"),
					"u10: 10 pomodoros in the last 30 days; best day 2026-11-25 with 10."));
		assertThat(browser.driver().findElement(By.id("history-chart")).getAttribute("data-days")).isEqualTo("30");
		assertThat(browser.driver().findElements(By.cssSelector("#history-chart canvas"))).isNotEmpty();
		// the history is read from PostgreSQL by design: that is no reason for the banner
		assertThat(browser.driver().findElement(By.id("banner-fallback")).isDisplayed()).isFalse();
		browser.screenshot("lookup");

		// u10 overtakes two people: the change is announced to screen readers
		this.api.update("u10", 2);
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBe(By.id("rank-announcer"), "u10 moved from rank 16 to rank 14 today."));
		assertThat(browser.driver().findElement(By.id("rank-announcer")).getAttribute("aria-live")).isEqualTo("polite");

		id.clear();
		id.sendKeys("nobody", Keys.ENTER);
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("lookup-error")));
		assertThat(text("lookup-error")).contains("No pomodoros were ever recorded for \"nobody\"");
		browser.screenshot("lookup-unknown");
	}

	@Test
	void theAdminViewRefusesAWrongTokenAndRunsASyncWithTheRightOne() {
		seed(3);
		Response page = this.api.get("/admin");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Security-Policy").orElse("")).contains("script-src 'self'");

		open("/admin");
		type("token", "not-the-token");
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("token-error")));
		assertThat(text("token-error")).contains("That token was refused");
		assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
		assertThat(browser.driver().findElement(By.id("panel")).isDisplayed()).isFalse();
		browser.screenshot("admin-refused");

		type("token", ADMIN_TOKEN);
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("panel")));
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("overall"), "Redis"));
		assertThat(text("overall")).contains("Redis connected").contains("PostgreSQL connected").contains("hit rate");
		assertThat(text("status")).contains("outbox").contains("drift").contains("hits");
		assertThat(text("boards-status")).contains("daily").contains("yearly").contains("members");
		// the token lives in this tab's session storage only: not in the URL, not in a
		// cookie
		assertThat(browser.script("return sessionStorage.getItem('leaderboard.adminToken')")).isEqualTo(ADMIN_TOKEN);
		assertThat(browser.driver().getCurrentUrl()).doesNotContain(ADMIN_TOKEN);
		assertThat(browser.script("return document.cookie")).isEqualTo("");

		// a reset asks first; cancelling changes nothing
		click("reset");
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		click("confirm-no");
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBe(By.id("action-result"), "Cancelled; nothing was changed."));
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(3);

		// so does a sync; confirmed, it runs
		click("sync");
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
		assertThat(text("confirm-text")).contains("Rebuild every current board");
		browser.screenshot("admin-confirm");
		click("confirm-yes");
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "Sync done"));
		assertThat(text("action-result")).contains("users_synced 3");
		browser.script("window.scrollTo(0, 0)");
		browser.screenshot("admin");

		// the token survives a reload of the tab, and "forget" drops it
		browser.driver().navigate().refresh();
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("panel")));
		click("forget");
		assertThat(browser.script("return sessionStorage.length")).isEqualTo(0L);
		assertThat(browser.driver().findElement(By.id("token")).isDisplayed()).isTrue();
	}

	@Test
	void bothPagesFitA375PixelWideScreenAndShowFocus() {
		seed(12);
		this.api.update("a-very-long-user-id-that-could-push-the-layout-sideways-01234567", 50);
		browser.size(375, 812);
		open("/");
		awaitRows("board-rows", 10);
		type("lookup-id", "a-very-long-user-id-that-could-push-the-layout-sideways-01234567");
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-rank"), "Rank 1"));
		assertNoHorizontalScroll();
		browser.screenshot("boards-375");

		// focus is visible: the focused tab gets an outline
		browser.driver().findElement(By.id("tab-daily")).sendKeys(Keys.ARROW_RIGHT);
		Object outline = browser.script("return getComputedStyle(document.activeElement).outlineStyle");
		assertThat(outline).isEqualTo("solid");

		open("/admin");
		type("token", ADMIN_TOKEN);
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("panel")));
		assertNoHorizontalScroll();
		browser.screenshot("admin-375");
		click("forget");
	}

	private void assertNoHorizontalScroll() {
		Object widths = browser
			.script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth].join(' ')");
		String[] parts = widths.toString().split(" ");
		assertThat(Integer.parseInt(parts[0])).as("scroll width vs viewport width " + widths)
			.isLessThanOrEqualTo(Integer.parseInt(parts[1]));
	}

	/** Users u1..uN with N distinct daily scores 1..N. */
	private void seed(int users) {
		for (int i = 1; i <= users; i++) {
			assertThat(this.api.update("u" + i, i).status()).isEqualTo(200);
		}
	}

	private void open(String path) {
		browser.driver().get("http://127.0.0.1:" + this.port + path);
	}

	private void click(String id) {
		browser.waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
	}

	private void type(String id, String value) {
		WebElement input = browser.waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id(id)));
		input.clear();
		input.sendKeys(value, Keys.ENTER);
	}

	private String text(String id) {
		return browser.driver().findElement(By.id(id)).getText();
	}

	private void awaitRows(String body, int count) {
		browser.waiting(WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#" + body + " tr"), count));
	}

	/** The rows' texts, read in one go: the page may re-render them at any moment. */
	private List<String> rows(String body) {
		Object texts = browser.script("return [...document.querySelectorAll(arguments[0])]"
				+ ".map((row) => row.innerText.replace(/\\s+/g, ' ').trim())", "#" + body + " tr");
		return ((List<?>) texts).stream().map(String::valueOf).toList();
	}

	private static List<String> entries(Response board) {
		return board.entries(" ");
	}

}
