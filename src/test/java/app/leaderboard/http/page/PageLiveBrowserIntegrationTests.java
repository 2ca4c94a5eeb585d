package app.leaderboard.http.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.Browser;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * What the page shows of sections 11 to 16 of the contract, in Debian's headless Chromium
 * against the running service: team listings, the looked-up user's live feed (with
 * "overtaken by"), their league group with its zones, names and streaks, and that the
 * page never holds more than two event streams. Screenshots go to
 * {@code target/screenshots/}.
 * <p>
 * Every page here is one client (the loopback address), and a stream a page left is
 * noticed closed only at a heartbeat's failed write: the per-client cap is raised as in
 * {@code PageBrowserIntegrationTests}, and the page's own streams are counted in the page
 * instead (a wrapper around {@code EventSource} that DevTools installs before the page's
 * scripts run; it is not part of the page, so the page's policy does not apply to it).
 * Leagues have daily seasons of groups of 3 in three tiers, one promotion and one
 * demotion, so that one test can make a middle-tier group with both zones.
 */
@TestPropertySource(properties = { "leaderboard.events-per-client=50", "leaderboard.league.period=daily",
		"leaderboard.league.size=3", "leaderboard.league.tiers=bronze,silver,gold", "leaderboard.league.promote=1",
		"leaderboard.league.demote=1" })
class PageLiveBrowserIntegrationTests extends IntegrationTestBase {

	/**
	 * How long a page may take to show what it waits for; only ever waited for to happen.
	 * A user's feed once took more than 10 s to send its first rank in a full verify on
	 * the 2-core machine, and the class passed when rerun.
	 */
	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String API = "/api/redis-leaderboard";

	/**
	 * Counts the page's event streams: {@code __streams.max} the most open at once,
	 * {@code __streams.open()} those open now, {@code __streams.all} every one made. With
	 * {@code #orgs-forbidden} in the address, the organisations' listing answers 403 as
	 * it does with JWTs on and a token without {@code leaderboard:read-any}.
	 */
	private static final String INSTRUMENT = """
			(() => {
			  const Native = window.EventSource;
			  const all = [];
			  const open = () => all.filter((stream) => stream.readyState !== Native.CLOSED).length;
			  window.__streams = { all, max: 0, open, urls: () => all.map((stream) => stream.url) };
			  window.EventSource = class extends Native {
			    constructor(url, init) {
			      super(url, init);
			      all.push(this);
			      window.__streams.max = Math.max(window.__streams.max, open());
			    }
			  };
			  if (location.hash === '#orgs-forbidden') {
			    const nativeFetch = window.fetch.bind(window);
			    window.fetch = (input, init) => String(input).includes('/orgs?')
			      ? Promise.resolve(new Response(JSON.stringify({ status: 403, title: 'Forbidden',
			          detail: 'This token may not read every organisation.' }),
			          { status: 403, headers: { 'Content-Type': 'application/problem+json' } }))
			      : nativeFetch(input, init);
			  }
			})();
			""";

	private static Browser browser;

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

	@BeforeEach
	void wideWindow() {
		browser.size(1280, 1000);
		browser.driver().get("about:blank");
	}

	@Test
	void theTeamListingsShowWhatTheApiAnswersPagedAndSayWhenOrganisationsAreRefused() {
		// twelve regions (r01 with 1 pomodoro ... r12 with 12), three organisations
		for (int i = 1; i <= 12; i++) {
			String region = String.format("r%02d", i);
			String org = (i % 3 == 0) ? "acme" : (i % 3 == 1) ? "globex" : "initech";
			assertThat(this.api
				.post(API + "/update",
						"{\"user_id\":\"t" + i + "\",\"count\":" + i + ",\"region\":\"" + region + "\",\"org\":\"" + org
								+ "\"}")
				.status()).isEqualTo(200);
		}
		open("/");
		awaitRows("board-rows", 10);

		listing().selectByValue("regions");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("page-info"), "Page 1 of 2"));
		awaitRows("team-rows", 10);
		assertThat(rows("team-rows")).isEqualTo(teams(this.api.get(API + "/daily/regions?limit=10"), "region"))
			.startsWith("1 r12 12 1");
		assertThat(text("team-kind")).isEqualTo("Region");
		assertThat(text("board-meta")).contains("12 regions with pomodoros since 2026-11-25");
		assertThat(displayed("board-table")).isFalse();
		assertThat(displayed("scope-form")).as("team listings have no scope").isFalse();
		browser.screenshot("teams-regions");
		browser.size(375, 812);
		assertNoHorizontalScroll();
		browser.size(1280, 1000);

		click("page-next");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("page-info"), "Page 2 of 2"));
		awaitRows("team-rows", 2);
		assertThat(rows("team-rows"))
			.isEqualTo(teams(this.api.get(API + "/daily/regions?limit=10&offset=10"), "region"));

		// a team listing follows the period tabs; it has no stream and is re-read
		click("tab-weekly");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("page-info"), "Page 1 of 2"));
		assertThat(this.api.post(API + "/update", "{\"user_id\":\"t1\",\"count\":100,\"region\":\"r01\"}").status())
			.isEqualTo(200);
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#team-rows tr:first-child"),
					"r01"));
		assertThat(rows("team-rows")).isEqualTo(teams(this.api.get(API + "/weekly/regions?limit=10"), "region"));

		listing().selectByValue("orgs");
		awaitRows("team-rows", 3);
		assertThat(text("team-kind")).isEqualTo("Organisation");
		assertThat(rows("team-rows")).isEqualTo(teams(this.api.get(API + "/weekly/orgs?limit=10"), "org"));

		// back to people: the board as before
		listing().selectByValue("users");
		List<String> weekly = this.api.get(API + "/weekly?limit=10").entries(" ");
		browser.waiting(WAIT).until((driver) -> rows("board-rows").equals(weekly));
		assertThat(displayed("board-table")).isTrue();
		assertThat(displayed("team-table")).isFalse();
		assertThat(displayed("scope-form")).isTrue();

		// with JWTs on and a token without leaderboard:read-any (here: the answer as it
		// would be), a clear message and no table
		browser.driver().get("about:blank");
		open("/#orgs-forbidden");
		awaitRows("board-rows", 10);
		listing().selectByValue("orgs");
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("board-error"), "needs a token"));
		assertThat(text("board-error")).contains("leaderboard:read-any");
		assertThat(displayed("team-table")).isFalse();
		assertThat(displayed("board-table")).isFalse();
		assertThat(displayed("board-error")).isTrue();
		assertThat(displayed("board-pager")).isFalse();
		browser.screenshot("teams-orgs-refused");
		assertThat(browser.console()).noneMatch((line) -> line.contains("Content Security Policy"));
	}

	@Test
	void theLookupFollowsTheUsersFeedAndSaysWhoOvertookThem() {
		seed(5);
		open("/");
		awaitRows("board-rows", 5);
		lookUp("u3");
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "live"));
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-rank"), "Rank 3 of 5 today"));

		// u2 passes u3: within a few seconds the feed shows the move and who it was
		assertThat(this.api.update("u2", 5).status()).isEqualTo(200);
		browser.waiting(Duration.ofSeconds(5))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#feed-log li:first-child"),
					"overtaken by u2"));
		assertThat(text("feed-log")).contains("rank 3 → 4 today");
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rank-announcer"), "Overtaken by u2."));
		assertThat(browser.driver().findElement(By.id("rank-announcer")).getAttribute("aria-live")).isEqualTo("polite");
		assertThat(text("user-rank")).startsWith("Rank 4 of 5 today");

		// u3 climbs back: a move with nobody passing
		assertThat(this.api.update("u3", 10).status()).isEqualTo(200);
		browser.waiting(Duration.ofSeconds(5))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#feed-log li:first-child"),
					"rank 4 → 1 today"));
		assertThat(browser.driver().findElement(By.cssSelector("#feed-log li:first-child")).getText())
			.doesNotContain("overtaken");
		browser.script("document.getElementById('feed-title').scrollIntoView()");
		browser.screenshot("lookup-feed");
	}

	@Test
	void thePageHoldsAtMostTwoStreamsWhateverIsLookedUp() {
		seed(5);
		open("/");
		awaitRows("board-rows", 5);
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("live"), "live"));

		// three users in a row, the last two without waiting for the one before
		lookUp("u1");
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "live"));
		lookUp("u2");
		lookUp("u3");
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-title"), "u3"));
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "live"));
		// another period: the board's stream and the user's are both replaced
		click("tab-weekly");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("live"), "live"));
		browser.waiting(WAIT).until((driver) -> streams("open()").equals(2L));
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "live"));

		assertThat(streams("max")).as("streams open at once").isEqualTo(2L);
		assertThat(streams("open()")).isEqualTo(2L);
		@SuppressWarnings("unchecked")
		List<String> urls = (List<String>) browser.script("return window.__streams.urls()");
		// one board stream and one per lookup (and per period): nothing retried in a loop
		assertThat(urls).hasSize(6)
			.filteredOn((url) -> url.contains("/user/"))
			.extracting((url) -> url.replaceAll("^.*/user/", ""))
			.containsExactly("u1/events?period=daily", "u2/events?period=daily", "u3/events?period=daily",
					"u3/events?period=weekly");
	}

	@Test
	void theLookupShowsTheUsersLeagueGroupWithItsZones() {
		// yesterday's season: two bronze groups of three; the best of each moves up
		this.clock.set("2026-11-24T10:00:00Z");
		for (int i = 1; i <= 6; i++) {
			assertThat(this.api.update("p" + i, i).status()).isEqualTo(200);
		}
		// today: p3 and p6 (promoted) make a silver group, p1 starts alone in bronze
		this.clock.set("2026-11-25T10:15:00Z");
		assertThat(this.api.update("p3", 2).status()).isEqualTo(200);
		assertThat(this.api.update("p6", 1).status()).isEqualTo(200);
		Response silver = this.api.get(API + "/leagues/user/p6");
		assertThat(silver.body()).extractingPath("$.tier").isEqualTo("silver");
		assertThat(silver.body()).extractingPath("$.promote").isEqualTo(1);
		assertThat(silver.body()).extractingPath("$.demote_below").isEqualTo(1);

		open("/");
		awaitRows("board-rows", 2);
		lookUp("p6");
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("league-table")));
		assertThat(text("league-title")).isEqualTo("League: silver, group 1");
		awaitRows("league-rows", 2);
		// p3 2, p6 1: the top rank moves up, the ranks below 1 move down, in words too
		assertThat(rows("league-rows")).containsExactly("1 ▲ up p3 2", "2 ▼ down p6 1");
		assertThat(zones()).containsExactly("promote", "demote");
		assertThat(text("league-meta")).startsWith("p6 is rank 2 of 2, on course to move down.");
		assertThat(text("league-legend")).contains("the top 1 rank moves up a tier")
			.contains("ranks below 1 move down a tier");
		browser.script("document.getElementById('league').scrollIntoView()");
		browser.screenshot("lookup-league");
		browser.size(375, 812);
		assertNoHorizontalScroll();

		// a user who recorded nothing in this season has no group: a short note
		lookUp("p2");
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBe(By.id("league-meta"), "Not in a league group this season."));
		assertThat(displayed("league-table")).isFalse();
	}

	@Test
	void namesAreShownAsTextWhereverAUserIs() {
		String markup = "<img src=x onerror=alert(1)>";
		assertThat(
				this.api.post(API + "/update", "{\"user_id\":\"u2\",\"count\":5,\"display_name\":\"" + markup + "\"}")
					.status())
			.isEqualTo(200);
		seed(4);
		assertThat(this.api.post(API + "/update", "{\"user_id\":\"u3\",\"count\":1,\"display_name\":\"<b>x</b>\"}")
			.status()).isEqualTo(200);
		open("/");
		awaitRows("board-rows", 4);
		// u2 has 2 + 5 = 7: first, by name, literally
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#board-rows tr:first-child"),
					markup));
		assertThat(rows("board-rows")).contains("1 " + markup + " 7", "2 <b>x</b> 4");

		lookUp("u3");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("user-title"), "<b>x</b> (u3)"));
		awaitRows("around-rows", 4);
		assertThat(rows("around-rows")).contains("1 " + markup + " 7", "2 <b>x</b> 4");
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "live"));
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("league-title"), "League"));
		assertThat(rows("league-rows")).anyMatch((row) -> row.contains("<b>x</b>"));

		// u1 passes u3: the feed names them by their name, as text
		assertThat(
				this.api.post(API + "/update", "{\"user_id\":\"u1\",\"count\":10,\"display_name\":\"" + markup + "2\"}")
					.status())
			.isEqualTo(200);
		browser.waiting(Duration.ofSeconds(5))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#feed-log li:first-child"),
					"overtaken by " + markup + "2"));
		assertThat(browser.script("return document.querySelectorAll('table img, table b, #feed-log img, #feed-log b, "
				+ "#user-title *').length"))
			.isEqualTo(0L);
		browser.screenshot("names");
	}

	/**
	 * The page's code for names and streaks, run today against answers shaped as the
	 * contract shapes them (names and streaks added to every answer and event in the
	 * browser, see {@link #INSTRUMENT}); {@link #namesAreShownAsTextWhereverAUserIs} runs
	 * against the real fields once the API has them.
	 */
	@Test
	void namesInTheFeedTheAnnouncementAndTheLeagueAreText() {
		seed(4);
		name("u1", "<img src=x onerror=alert(2)>");
		name("u2", "<img src=x onerror=alert(1)>");
		name("u3", "<b>x</b>");
		open("/");
		awaitRows("board-rows", 4);
		browser.waiting(WAIT)
			.until((driver) -> rows("board-rows").equals(List.of("1 u4 4", "2 <b>x</b> 3",
					"3 <img src=x onerror=alert(1)> 2", "4 <img src=x onerror=alert(2)> 1")));
		// the id stays reachable behind a name
		assertThat(browser.driver()
			.findElement(By.cssSelector("#board-rows tr[data-user=u3] td.user"))
			.getAttribute("title")).isEqualTo("u3");

		lookUp("u3");
		browser.waiting(WAIT).until(ExpectedConditions.textToBe(By.id("user-title"), "<b>x</b> (u3)"));
		awaitRows("around-rows", 4);
		assertThat(rows("around-rows")).contains("2 <b>x</b> 3");
		browser.waiting(WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id("feed-status"), "live"));
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("league-table")));
		assertThat(rows("league-rows")).anyMatch((row) -> row.contains("<b>x</b> 3"));

		// u1 passes u3: the feed and the announcement name them by their name, as text
		assertThat(this.api.update("u1", 10).status()).isEqualTo(200);
		browser.waiting(Duration.ofSeconds(5))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#feed-log li:first-child"),
					"overtaken by <img src=x onerror=alert(2)>"));
		browser.waiting(WAIT)
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rank-announcer"),
					"Overtaken by <img src=x onerror=alert(2)>."));
		assertThat(text("rank-announcer")).startsWith("<b>x</b>");
		assertThat(browser.script("return document.querySelectorAll('main img, main b').length")).isEqualTo(0L);
		browser.script("document.getElementById('feed-title').scrollIntoView()");
		browser.screenshot("names-everywhere");
	}

	@Test
	void theLookupShowsTheStreak() {
		this.clock.set("2026-11-24T10:00:00Z");
		assertThat(this.api.update("s1", 1).status()).isEqualTo(200);
		this.clock.set("2026-11-25T10:15:00Z");
		assertThat(this.api.post(API + "/update", "{\"user_id\":\"s1\",\"count\":1,\"display_name\":\"Streaker\"}")
			.status()).isEqualTo(200);
		Response stats = this.api.get(API + "/user/s1");
		assertThat(stats.body()).extractingPath("$.streak.current").isEqualTo(2);

		open("/");
		lookUp("s1");
		browser.waiting(WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("streak")));
		assertThat(text("streak-current")).isEqualTo("2 days");
		assertThat(text("streak-longest")).isEqualTo("(longest 2, last 2026-11-25)");
		assertThat(text("user-title")).isEqualTo("Streaker (s1)");
	}

	private void name(String userId, String name) {
		assertThat(this.api
			.method("PUT", API + "/user/" + userId + "/name", "application/json", "{\"display_name\":\"" + name + "\"}")
			.status()).isEqualTo(200);
	}

	private void assertNoHorizontalScroll() {
		Object widths = browser
			.script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth].join(' ')");
		String[] parts = widths.toString().split(" ");
		assertThat(Integer.parseInt(parts[0])).as("scroll width vs viewport width " + widths)
			.isLessThanOrEqualTo(Integer.parseInt(parts[1]));
	}

	private Select listing() {
		return new Select(browser.waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("listing"))));
	}

	private Object streams(String expression) {
		return browser.script("return window.__streams." + expression);
	}

	private List<String> zones() {
		Object zones = browser.script(
				"return [...document.querySelectorAll('#league-rows tr')]" + ".map((row) => row.dataset.zone || '')");
		return ((List<?>) zones).stream().map(String::valueOf).toList();
	}

	private void lookUp(String user) {
		WebElement id = browser.waiting(WAIT).until(ExpectedConditions.elementToBeClickable(By.id("lookup-id")));
		id.clear();
		id.sendKeys(user, Keys.ENTER);
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

	private String text(String id) {
		return browser.driver().findElement(By.id(id)).getText();
	}

	private boolean displayed(String id) {
		return browser.driver().findElement(By.id(id)).isDisplayed();
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

	/** A team listing's entries as rank, name, score and members. */
	private static List<String> teams(Response listing, String field) {
		assertThat(listing.status()).isEqualTo(200);
		List<String> teams = new ArrayList<>();
		int count = listing.read("$.entries.length()");
		for (int i = 0; i < count; i++) {
			String entry = "$.entries[" + i + "]";
			teams.add(listing.read(entry + ".rank") + " " + listing.read(entry + "." + field) + " "
					+ listing.read(entry + ".score") + " " + listing.read(entry + ".members"));
		}
		return teams;
	}

}
