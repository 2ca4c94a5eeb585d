package app.leaderboard.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import app.leaderboard.support.Browser;
import app.leaderboard.support.IntegrationTestBase;

/**
 * The board's first paint and its column headers in Debian's headless Chromium: a loading
 * state (a status line, the panel busy) until the first board arrives, never an empty
 * table; and headers that stay on one line at the widths people use.
 */
class PageLayoutBrowserIntegrationTests extends IntegrationTestBase {

	private static final Duration WAIT = Duration.ofSeconds(15);

	/** What the page reads the boards from (its reads and its event stream). */
	private static final String BOARD_READS = "*/api/redis-leaderboard/*";

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
	void blankPage() {
		browser.size(1280, 1000);
		browser.driver().get("about:blank");
		browser.driver().executeCdpCommand("Network.enable", Map.of());
	}

	@AfterEach
	void unblock() {
		browser.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
	}

	@Test
	void theBoardShowsALoadingStateUntilItsFirstDataThenTheTable() {
		seed(3);
		// the board's reads and stream are held back: the page can show nothing but its
		// loading state
		browser.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of(BOARD_READS)));
		open("/");
		WebElement loading = browser.waiting(WAIT)
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("board-loading")));
		assertThat(loading.getAttribute("role")).isEqualTo("status");
		assertThat(loading.getText()).isEqualTo("Loading the board…");
		assertThat(panel().getAttribute("aria-busy")).isEqualTo("true");
		assertThat(browser.driver().findElement(By.id("board-table")).isDisplayed()).as("an empty table").isFalse();
		assertThat(browser.driver().findElement(By.id("board-empty")).isDisplayed()).isFalse();
		assertThat(browser.driver().findElement(By.id("board-pager")).isDisplayed()).isFalse();
		browser.screenshot("board-loading");

		browser.driver().executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
		browser.waiting(WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#board-rows tr"), 3));
		assertThat(browser.driver().findElement(By.id("board-loading")).isDisplayed()).isFalse();
		assertThat(panel().getAttribute("aria-busy")).isNull();
		assertThat(browser.driver().findElement(By.id("board-table")).isDisplayed()).isTrue();
		assertThat(browser.driver().findElement(By.id("board-pager")).isDisplayed()).isTrue();
		assertThat(browser.console()).noneMatch((line) -> line.contains("Content Security Policy"));
	}

	@Test
	void anEmptyBoardEndsTheLoadingStateWithItsMessage() {
		open("/");
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("board-empty")));
		assertThat(browser.driver().findElement(By.id("board-loading")).isDisplayed()).isFalse();
		assertThat(panel().getAttribute("aria-busy")).isNull();
		assertThat(browser.driver().findElement(By.id("board-table")).isDisplayed()).isFalse();
	}

	@Test
	void theColumnHeadersStayOnOneLineAtAThousandPixels() {
		seed(3);
		for (int width : new int[] { 1000, 1280, 768, 375 }) {
			browser.size(width, 900);
			open("/");
			browser.waiting(WAIT).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#board-rows tr"), 3));
			Object lines = browser.script("return [...document.querySelectorAll('#board-table thead th')].map((th) => {"
					+ " const text = document.createRange(); text.selectNodeContents(th);"
					+ " const tops = new Set([...text.getClientRects()].map((r) => Math.round(r.top)));"
					+ " return th.textContent + ':' + tops.size + ':' + (th.scrollWidth <= th.clientWidth); })");
			assertThat(((List<?>) lines).stream().map(String::valueOf).toList()).as("header lines at %d px", width)
				.containsExactly("Rank:1:true", "User:1:true", "Pomodoros:1:true");
			if (width == 1000) {
				browser.screenshot("board-1000px");
			}
		}
	}

	private WebElement panel() {
		return browser.driver().findElement(By.id("board-panel"));
	}

	private void seed(int users) {
		for (int i = 1; i <= users; i++) {
			assertThat(this.api.update("u" + i, i).status()).isEqualTo(200);
		}
	}

	private void open(String path) {
		browser.driver().get("http://127.0.0.1:" + this.port + path);
	}

}
