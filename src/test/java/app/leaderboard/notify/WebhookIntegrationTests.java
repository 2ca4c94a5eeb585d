package app.leaderboard.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.IntegrationTest;
import app.leaderboard.support.MutableClock;
import app.leaderboard.support.ServiceTestBase;
import app.leaderboard.support.WebhookReceiver;
import app.leaderboard.support.WebhookReceiver.Received;

/**
 * The webhook of one instance against a receiver on loopback: a boundary crossed with the
 * test clock sends a signed {@code period.ended} within a minute, and a season's end a
 * {@code league.season_ended} after the board's, a failed attempt is retried with the
 * same id and body, boundaries before the first run send nothing, and neither the URL nor
 * the secret reaches the log. Leagues as in the league tests: groups of 3, one up, one
 * down, weekly seasons.
 */
@IntegrationTest
@TestPropertySource(properties = { "leaderboard.webhook.secret=" + WebhookIntegrationTests.SECRET,
		"leaderboard.webhook.interval=200ms", "leaderboard.league.size=3",
		"leaderboard.league.tiers=bronze,silver,gold", "leaderboard.league.promote=1", "leaderboard.league.demote=1" })
@ExtendWith(OutputCaptureExtension.class)
class WebhookIntegrationTests extends ServiceTestBase {

	static final String SECRET = "webhook-secret-0123456789-abcdefghij";

	/** A path no log line may show: the URL's token. */
	static final String PATH = "/hooks/receiver-path-token-5f3a";

	static final WebhookReceiver receiver = WebhookReceiver.start(PATH);

	@DynamicPropertySource
	static void webhook(DynamicPropertyRegistry registry) {
		registry.add("leaderboard.webhook.url", receiver::url);
	}

	@AfterAll
	static void stopReceiver() {
		receiver.close();
	}

	@Autowired
	Webhook webhook;

	@BeforeEach
	void cleanWebhook() {
		resetState();
		// as if the service first ran at the tests' default moment
		this.jdbc.update("delete from webhook_events");
		this.jdbc.update("update webhook_streams set made_until = ?::timestamptz", MutableClock.DEFAULT.toString());
		receiver.clear();
	}

	@Test
	void aBoundaryCrossedSendsASignedPeriodEndedWithinAMinute() {
		this.api.update("bob", 5);
		this.api.update("alice", 3);
		this.clock.advance(Duration.ofSeconds(1));
		this.api.update("carol", 3);
		this.api.update("dave", 9);
		assertThat(this.api.post("/api/redis-leaderboard/admin/users/dave/hide", null, admin()).status())
			.isEqualTo(200);

		this.clock.set("2026-11-26T00:00:01Z");

		Received event = await().atMost(Duration.ofSeconds(60)).until(receiver::received, (r) -> !r.isEmpty()).get(0);
		assertThat(event.signedWith(SECRET)).isTrue();
		assertThat(event.signedWith(SECRET + "x")).isFalse();
		assertThat(event.header("Content-Type")).isEqualTo("application/json");
		assertThat(event.text()).startsWith("{\"id\":\"" + event.id() + "\",\"event\":\"period.ended\",")
			.contains("\"period\":\"daily\",\"period_start\":\"2026-11-25\",\"ended_at\":\"2026-11-26T00:00:00Z\","
					+ "\"total\":3,\"top\":[");
		List<Map<String, Object>> top = event.read("$.top");
		assertThat(top).containsExactly(entry(1, "bob", 5), entry(2, "alice", 3), entry(2, "carol", 3));
		assertThat(event.header("X-Leaderboard-Event-Id")).isEqualTo(event.id());
		// the day's end only: the week, month and year go on
		assertThat(this.jdbc.queryForList("select subject from webhook_events", String.class))
			.containsExactly("daily/2026-11-25");
	}

	@Test
	void aSeasonBoundaryCrossedSendsASignedSeasonEndedAfterTheWeeksPeriodEnded() {
		// bronze group 1: a, b, c; group 2: d, and e, hidden before the end (no result)
		for (String[] user : new String[][] { { "a", "5" }, { "b", "3" }, { "c", "1" }, { "d", "2" }, { "e", "4" } }) {
			assertThat(this.api.update(user[0], Integer.parseInt(user[1])).status()).isEqualTo(200);
		}
		assertThat(this.api.post("/api/redis-leaderboard/admin/users/e/hide", null, admin()).status()).isEqualTo(200);

		this.clock.set("2026-11-30T00:00:01Z");

		List<Received> events = await().atMost(Duration.ofSeconds(60)).until(receiver::received, (r) -> r.size() >= 7);
		assertThat(events).extracting(WebhookIntegrationTests::describe)
			.endsWith("period.ended daily 2026-11-29", "period.ended weekly 2026-11-23",
					"league.season_ended weekly 2026-11-23");
		Received season = events.get(6);
		assertThat(season.signedWith(SECRET)).isTrue();
		assertThat(season.header("X-Leaderboard-Event")).isEqualTo("league.season_ended");
		// a and d up (bronze is the lowest: nobody down), b and c stay
		assertThat(season.text()).isEqualTo("{\"id\":\"" + season.id() + "\",\"event\":\"league.season_ended\","
				+ "\"period\":\"weekly\",\"season_start\":\"2026-11-23\",\"ended_at\":\"2026-11-30T00:00:00Z\","
				+ "\"promoted\":2,\"stayed\":2,\"demoted\":0}");

		// the next season: a and d in one silver group, d ahead; b alone in bronze
		this.clock.set("2026-12-01T10:00:00Z");
		for (String[] user : new String[][] { { "a", "1" }, { "d", "2" }, { "b", "1" } }) {
			assertThat(this.api.update(user[0], Integer.parseInt(user[1])).status()).isEqualTo(200);
		}
		this.clock.set("2026-12-07T00:00:01Z");

		Received next = await().atMost(Duration.ofSeconds(60))
			.until(() -> receiver.received()
				.stream()
				.filter((e) -> describe(e).equals("league.season_ended weekly 2026-11-30"))
				.findFirst()
				.orElse(null), (e) -> e != null);
		assertThat(next.<Integer>read("$.promoted")).isEqualTo(2);
		assertThat(next.<Integer>read("$.stayed")).isZero();
		assertThat(next.<Integer>read("$.demoted")).isEqualTo(1);
		assertThat(next.signedWith(SECRET)).isTrue();
	}

	@Test
	void seasonsThatEndedWhileNoTickRanAreSentInOrderEmptyOnesToo() {
		this.api.update("alice", 4);

		// three weeks on at once: the catch-up of an instance back after a downtime
		this.clock.set("2026-12-14T00:00:01Z");

		await().atMost(Duration.ofSeconds(60))
			.until(() -> receiver.received()
				.stream()
				.filter((e) -> e.<String>read("$.event").equals("league.season_ended"))
				.count() == 3);
		List<String> order = receiver.received()
			.stream()
			.map(WebhookIntegrationTests::describe)
			.filter((e) -> e.contains("weekly"))
			.toList();
		assertThat(order).containsExactly("period.ended weekly 2026-11-23", "league.season_ended weekly 2026-11-23",
				"period.ended weekly 2026-11-30", "league.season_ended weekly 2026-11-30",
				"period.ended weekly 2026-12-07", "league.season_ended weekly 2026-12-07");
		List<String> counts = receiver.received()
			.stream()
			.filter((e) -> e.<String>read("$.event").equals("league.season_ended"))
			.map((e) -> e.read("$.promoted") + "/" + e.read("$.stayed") + "/" + e.read("$.demoted"))
			.toList();
		assertThat(counts).containsExactly("1/0/0", "0/0/0", "0/0/0");
	}

	/** An event as "kind period start". */
	static String describe(Received event) {
		String start = event.text().contains("\"season_start\"") ? "$.season_start" : "$.period_start";
		return event.read("$.event") + " " + event.read("$.period") + " " + event.read(start);
	}

	@Test
	void aFailedAttemptIsRetriedWithinAMinuteWithTheSameIdAndBody(CapturedOutput output) {
		this.api.update("alice", 2);
		receiver.answer(500);

		this.clock.set("2026-11-26T00:00:01Z");

		await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 1);
		Instant failedAt = this.clock.instant();
		Instant next = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc
				.queryForList("select next_attempt_at from webhook_events where last_outcome = 'HTTP 500'",
						OffsetDateTime.class)
				.stream()
				.map(OffsetDateTime::toInstant)
				.findFirst()
				.orElse(null), (at) -> at != null);
		assertThat(Duration.between(failedAt, next)).isLessThanOrEqualTo(Duration.ofSeconds(60));

		this.clock.advance(Duration.ofSeconds(60));

		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 2);
		Received first = receiver.received().get(0);
		Received retry = receiver.received().get(1);
		assertThat(retry.id()).isEqualTo(first.id());
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.signedWith(SECRET)).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject("select count(*) from webhook_events where delivered_at is not null",
					Long.class) == 1);
		assertThat(this.jdbc.queryForObject("select attempts from webhook_events", Integer.class)).isEqualTo(2);
		// what was logged names the event and the outcome, never where it went nor the
		// key
		assertThat(output).contains("not delivered: HTTP 500", "delivered: HTTP 200")
			.doesNotContain(PATH, "receiver-path-token", receiver.url(), SECRET);
	}

	@Test
	void noAnswerWithinFiveSecondsIsAFailureRetriedWithTheSameBody() {
		this.api.update("alice", 2);
		receiver.answer(WebhookReceiver.LATE);

		this.clock.set("2026-11-26T00:00:01Z");

		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForList("select last_outcome from webhook_events", String.class),
					(outcomes) -> outcomes.contains("timeout"));
		assertThat(receiver.received()).hasSize(1);
		this.clock.advance(Duration.ofSeconds(60));

		await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 2);
		assertThat(receiver.received().get(1).body()).isEqualTo(receiver.received().get(0).body());
	}

	@Test
	void boundariesBeforeTheFirstRunSendNothing() {
		Instant firstRun = this.jdbc.queryForObject("select first_run from service_origin", OffsetDateTime.class)
			.toInstant();
		assertThat(firstRun).isBeforeOrEqualTo(MutableClock.DEFAULT);
		this.api.update("alice", 2);

		// ticks at the first run's day: the boundaries before it (2026-11-25T00:00 and
		// earlier) are not made
		this.webhook.tick();
		this.webhook.tick();

		assertThat(this.jdbc.queryForObject("select count(*) from webhook_events", Long.class)).isZero();
		assertThat(receiver.received()).isEmpty();

		// the next boundary is
		this.clock.set("2026-11-26T00:00:00Z");
		this.webhook.tick();
		assertThat(this.jdbc.queryForList("select subject from webhook_events", String.class))
			.containsExactly("daily/2026-11-25");
	}

	private static Map<String, Object> entry(int rank, String userId, int score) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("rank", rank);
		entry.put("user_id", userId);
		entry.put("display_name", null);
		entry.put("score", score);
		return entry;
	}

}
