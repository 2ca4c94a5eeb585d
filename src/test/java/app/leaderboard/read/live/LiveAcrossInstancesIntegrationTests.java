package app.leaderboard.read.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Objects;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.Browser;
import app.leaderboard.support.EventStream.Event;
import app.leaderboard.support.EventStream;
import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.TestApi;

/**
 * Two service instances sharing one PostgreSQL and one Redis (a redis-server this test
 * owns and kills): this test's context, A, and a second one, B, started beside it. The
 * periodic re-read of watched boards is switched off on both, so whatever reaches A's
 * streams from B came through Redis pub/sub. B allows two streams at once.
 */
@TestPropertySource(
		properties = { LiveAcrossInstancesIntegrationTests.KEY_PREFIX, LiveAcrossInstancesIntegrationTests.NO_REFRESH })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveAcrossInstancesIntegrationTests extends RedisProcessTestBase {

	static final String KEY_PREFIX = "leaderboard.key-prefix=lblive:";

	static final String NO_REFRESH = "leaderboard.events.refresh=1h";

	private static final Duration LIVE = Duration.ofSeconds(2);

	private static ConfigurableApplicationContext instanceB;

	TestApi a;

	TestApi b;

	@BeforeEach
	void bothInstancesRunning() {
		if (instanceB == null) {
			// A's settings, and B's own stream limit and heartbeat
			instanceB = startInstance(KEY_PREFIX, NO_REFRESH, "leaderboard.events.max-streams=2",
					"leaderboard.events.heartbeat=1s");
		}
		this.a = this.api;
		this.b = new TestApi(ServiceInstances.port(instanceB));
	}

	@Test
	@Order(1)
	void anUpdateTakenByInstanceBReachesAStreamOnInstanceAWithinTwoSeconds() {
		this.a.update("alice", 1);
		try (EventStream onA = EventStream.open(this.port, "/api/redis-leaderboard/daily/events")) {
			assertThat(onA.await("board", (e) -> true, LIVE)).isNotNull();
			for (int round = 1; round <= 3; round++) {
				String user = "from-b-" + round;
				assertThat(this.b.update(user, 10 * round).status()).isEqualTo(200);
				long posted = System.nanoTime();
				Event seen = onA.await("board", (e) -> top(e).equals(user), LIVE);
				assertThat(seen).as("B's update of %s on A's stream", user).isNotNull();
				assertThat(Duration.ofNanos(seen.receivedNanos() - posted)).isLessThan(LIVE);
			}
		}
		// and the other way round
		try (EventStream onB = EventStream.open(ServiceInstances.port(instanceB),
				"/api/redis-leaderboard/weekly/events")) {
			assertThat(onB.await("board", (e) -> true, LIVE)).isNotNull();
			this.a.update("from-a", 100);
			assertThat(onB.await("board", (e) -> top(e).equals("from-a"), LIVE)).isNotNull();
		}
	}

	@Test
	@Order(2)
	void aboveItsStreamLimitAnInstanceAnswers503ProblemJsonAndAGoneClientFreesItsPlace() {
		int bPort = ServiceInstances.port(instanceB);
		// the streams of the test before are closed by their client: B notices at its
		// next heartbeat (1 s)
		BoardStreams streamsOfB = instanceB.getBean(BoardStreams.class);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> streamsOfB.openStreams() == 0);
		try (EventStream first = EventStream.open(bPort, "/api/redis-leaderboard/daily/events");
				EventStream second = EventStream.open(bPort, "/api/redis-leaderboard/monthly/events?limit=3")) {
			assertThat(first.status()).isEqualTo(200);
			assertThat(second.status()).isEqualTo(200);

			Response refused = this.b.get("/api/redis-leaderboard/yearly/events", "Accept", "text/event-stream");
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.contentType()).startsWith("application/problem+json");
			assertThat(refused.header("Retry-After")).hasValue("10");
			assertThat(refused.body()).extractingPath("$.status").isEqualTo(503);
			assertThat(refused.body()).extractingPath("$.title").asString().isEqualTo("Too many event streams");
			// A has its own limit
			try (EventStream onA = EventStream.open(this.port, "/api/redis-leaderboard/yearly/events")) {
				assertThat(onA.status()).isEqualTo(200);
			}

			first.close();
			// the server notices a gone client when it next writes: the heartbeat (1 s
			// on B)
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
				try (EventStream again = EventStream.open(bPort, "/api/redis-leaderboard/yearly/events")) {
					return again.status() == 200;
				}
			});
		}
	}

	@Test
	@Order(3)
	void withRedisKilledThePageShowsTheFallbackBannerAndStillMovesWithThisInstancesUpdates() {
		Browser browser = processes.start(Browser::start);
		this.a.update("alice", 3);
		browser.driver().get("http://127.0.0.1:" + this.port + "/");
		browser.waiting(Duration.ofSeconds(10))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("board-rows"), "alice"));
		browser.waiting(Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("live"), "live"));
		assertThat(browser.driver().findElement(By.id("banner-fallback")).isDisplayed()).isFalse();

		redisServer.kill();
		// updates go on (PostgreSQL holds them); the board read for the stream comes from
		// PostgreSQL, and says so
		assertThat(this.a.update("during-outage", 7).status()).isEqualTo(200);
		browser.waiting(Duration.ofSeconds(5))
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("banner-fallback")));
		browser.waiting(Duration.ofSeconds(5))
			.until(ExpectedConditions.textToBePresentInElementLocated(By.id("board-rows"), "during-outage"));
		assertThat(browser.driver().findElement(By.id("banner-down")).isDisplayed()).isFalse();
		browser.screenshot("redis-down");

		// Redis back (empty): the subscription comes back, the boards are rebuilt, and
		// the banner goes
		redisServer.restart();
		this.a.update("after-outage", 1);
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			this.a.update("after-outage", 1);
			assertThat(browser.driver().findElement(By.id("banner-fallback")).isDisplayed()).isFalse();
		});
	}

	@Test
	@Order(4)
	void stoppingAnInstanceEndsItsOpenStreamsAtOnce() {
		// the streams of the tests before may still hold this client's places, until the
		// heartbeats find them closed: open once one is free
		EventStream open = Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> openedOn(instanceB), Objects::nonNull);
		assertThat(open.await("board", (e) -> true, LIVE)).isNotNull();
		long stopping = System.nanoTime();
		instanceB.close();
		Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);
		instanceB = null;
		// the graceful shutdown would wait up to 30 s for a request still running
		assertThat(stopped).isLessThan(Duration.ofSeconds(10));
		assertThat(open.await(EventStream.END, (e) -> true, Duration.ofSeconds(5))).as("the end of the stream")
			.isNotNull();
		open.close();
	}

	private static EventStream openedOn(ConfigurableApplicationContext instance) {
		EventStream stream = EventStream.open(ServiceInstances.port(instance), "/api/redis-leaderboard/daily/events");
		if (stream.status() == 200) {
			return stream;
		}
		stream.close();
		return null;
	}

	private static String top(Event event) {
		int count = event.read("$.entries.length()");
		return (count == 0) ? "" : event.read("$.entries[0].user_id");
	}

}
