package app.leaderboard.read.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.EventStream;
import app.leaderboard.support.EventStream.Event;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * The personal feed, {@code GET /user/{user_id}/events?period=...}, read with a plain
 * HTTP client against the real servers.
 */
class UserEventsIntegrationTests extends IntegrationTestBase {

	private static final Duration LIVE = Duration.ofSeconds(2);

	private static final String FEED = "/api/redis-leaderboard/user/%s/events?period=%s";

	@Test
	void sendsTheStandingAtOnceThenEveryChangeWithinTwoSeconds() {
		this.api.update("alice", 3);
		this.api.update("bob", 5);
		long opening = System.nanoTime();
		try (EventStream feed = open("alice", "daily")) {
			assertThat(feed.status()).isEqualTo(200);
			assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
			assertThat(feed.headers().firstValue("X-Leaderboard-Source")).hasValue("redis");
			Event first = feed.await("rank", (e) -> true, LIVE);
			assertThat(first).as("the first event at once").isNotNull();
			assertThat(Duration.ofNanos(first.receivedNanos() - opening)).isLessThan(LIVE);
			assertThat(first.json().propertyNames()).containsExactlyInAnyOrder("user_id", "period", "period_start",
					"rank", "score", "total", "top_percent", "hidden", "overtaken_by");
			assertThat(first.body()).extractingPath("$.user_id").isEqualTo("alice");
			assertThat(first.body()).extractingPath("$.period").isEqualTo("daily");
			assertThat(first.body()).extractingPath("$.period_start").isEqualTo("2026-11-25");
			assertThat(first.body()).extractingPath("$.hidden").isEqualTo(false);
			assertThat(first.body()).extractingPath("$.overtaken_by").asArray().isEmpty();
			// the standing of GET /user/alice/rank/daily
			Response rank = this.api.get("/api/redis-leaderboard/user/alice/rank/daily");
			for (String field : List.of("rank", "score", "total", "top_percent")) {
				assertThat(first.json().get(field)).as(field).isEqualTo(rank.json().get(field));
			}
			assertThat(first.body()).extractingPath("$.rank").isEqualTo(2);

			this.api.update("alice", 5);
			long posted = System.nanoTime();
			Event moved = feed.await("rank", (e) -> true, LIVE);
			assertThat(moved).as("alice's own update within 2 s").isNotNull();
			assertThat(Duration.ofNanos(moved.receivedNanos() - posted)).isLessThan(LIVE);
			assertThat(moved.body()).extractingPath("$.rank").isEqualTo(1);
			assertThat(moved.body()).extractingPath("$.score").isEqualTo(8);
			assertThat(moved.body()).extractingPath("$.top_percent").isEqualTo(50.0);
			assertThat(moved.body()).extractingPath("$.overtaken_by").asArray().isEmpty();

			// a change elsewhere that moves neither alice's rank nor her score: nothing
			this.api.update("carol", 1);
			assertThat(feed.await("rank", (e) -> true, Duration.ofMillis(2500))).isNull();
		}
	}

	@Test
	void overtakenByNamesThePassersNearestFirstAndLeavesHiddenUsersOut() {
		this.api.update("alice", 5);
		this.api.update("bob", 1);
		this.api.update("carol", 2);
		this.api.update("ghost", 1);
		assertThat(this.api.post("/api/redis-leaderboard/admin/users/ghost/hide", null, admin()).status())
			.isEqualTo(200);
		try (EventStream feed = open("alice", "weekly")) {
			assertThat(feed.await("rank", (e) -> true, LIVE).body()).extractingPath("$.rank").isEqualTo(1);
			// the feed reads at most once a second, and its last read was its first
			// event:
			// the next read sees all three updates, unless this machine took a second to
			// post them
			this.api.update("ghost", 50);
			this.api.update("bob", 9);
			this.api.update("carol", 6);
			Event passed = feed.await("rank", (e) -> true, LIVE);
			assertThat(passed).as("the event after the passes").isNotNull();
			if (passed.json().get("rank").asInt() == 2) {
				// bob's pass read alone; carol's comes in the next event
				assertThat(passed.body()).extractingPath("$.overtaken_by").isEqualTo(List.of(passer("bob")));
				passed = feed.await("rank", (e) -> true, LIVE);
				assertThat(passed.body()).extractingPath("$.overtaken_by").isEqualTo(List.of(passer("carol")));
			}
			else {
				// carol (8) is nearer to alice (5) than bob (10)
				assertThat(passed.body()).extractingPath("$.overtaken_by")
					.isEqualTo(List.of(passer("carol"), passer("bob")));
			}
			// the hidden ghost passed too, but is on no board: not listed, not counted
			assertThat(passed.body()).extractingPath("$.rank").isEqualTo(3);
			assertThat(passed.body()).extractingPath("$.total").isEqualTo(3);

			// alice passes both back: no one passed her since
			this.api.update("alice", 10);
			Event back = feed.await("rank", (e) -> true, LIVE);
			assertThat(back.body()).extractingPath("$.rank").isEqualTo(1);
			assertThat(back.body()).extractingPath("$.overtaken_by").asArray().isEmpty();

			// one passer alone, and a user new to the board counts too
			this.api.update("dave", 20);
			Event dave = feed.await("rank", (e) -> true, LIVE);
			assertThat(dave.body()).extractingPath("$.rank").isEqualTo(2);
			assertThat(dave.body()).extractingPath("$.overtaken_by").isEqualTo(List.of(passer("dave")));
		}
	}

	@Test
	void aHiddenUsersFeedSaysHiddenWithRankNull() {
		this.api.update("alice", 3);
		this.api.update("bob", 5);
		try (EventStream feed = open("alice", "daily")) {
			assertThat(feed.await("rank", (e) -> true, LIVE).body()).extractingPath("$.rank").isEqualTo(2);
			assertThat(this.api.post("/api/redis-leaderboard/admin/users/alice/hide", null, admin()).status())
				.isEqualTo(200);
			Event hidden = feed.await("rank", (e) -> true, LIVE);
			assertThat(hidden).as("hiding shows within 2 s").isNotNull();
			assertThat(hidden.body()).extractingPath("$.hidden").isEqualTo(true);
			assertThat(hidden.body()).extractingPath("$.rank").isNull();
			assertThat(hidden.body()).extractingPath("$.top_percent").isNull();
			assertThat(hidden.body()).extractingPath("$.score").isEqualTo(3);
			assertThat(hidden.body()).extractingPath("$.total").isEqualTo(1);

			assertThat(this.api.post("/api/redis-leaderboard/admin/users/alice/unhide", null, admin()).status())
				.isEqualTo(200);
			Event back = feed.await("rank", (e) -> true, LIVE);
			assertThat(back.body()).extractingPath("$.hidden").isEqualTo(false);
			assertThat(back.body()).extractingPath("$.rank").isEqualTo(2);
		}
		// a feed opened while hidden says so in its first event
		this.api.post("/api/redis-leaderboard/admin/users/bob/hide", null, admin());
		try (EventStream feed = open("bob", "monthly")) {
			Event first = feed.await("rank", (e) -> true, LIVE);
			assertThat(first.body()).extractingPath("$.hidden").isEqualTo(true);
			assertThat(first.body()).extractingPath("$.rank").isNull();
			assertThat(first.body()).extractingPath("$.score").isEqualTo(5);
		}
	}

	@Test
	void aScopedFeedFollowsTheUserToTheirNewRegion() {
		scopedUpdate("alice", 3, "eu");
		scopedUpdate("bob", 5, "eu");
		scopedUpdate("carol", 1, "us");
		scopedUpdate("dan", 9, "us");
		try (EventStream feed = EventStream.open(this.port, feed("alice", "daily") + "&region=eu")) {
			Event first = feed.await("rank", (e) -> true, LIVE);
			assertThat(first.body()).extractingPath("$.rank").isEqualTo(2);
			assertThat(first.body()).extractingPath("$.total").isEqualTo(2);

			scopedUpdate("alice", 1, "us");
			Event moved = feed.await("rank", (e) -> true, LIVE);
			assertThat(moved).as("the move within 2 s").isNotNull();
			// us: dan 9, alice 4, carol 1 (eu would be bob alone now)
			Response inUs = this.api.get("/api/redis-leaderboard/user/alice/rank/daily?region=us");
			assertThat(inUs.body()).extractingPath("$.rank").isEqualTo(2);
			for (String field : List.of("rank", "score", "total", "top_percent")) {
				assertThat(moved.json().get(field)).as(field).isEqualTo(inUs.json().get(field));
			}
			assertThat(moved.body()).extractingPath("$.total").isEqualTo(3);
			// a move is no pass: carol and dan were already in us
			assertThat(moved.body()).extractingPath("$.overtaken_by").asArray().isEmpty();

			// and it now hears of us
			scopedUpdate("carol", 10, "us");
			Event passed = feed.await("rank", (e) -> true, LIVE);
			assertThat(passed).as("a change in us within 2 s").isNotNull();
			assertThat(passed.body()).extractingPath("$.rank").isEqualTo(3);
			assertThat(passed.body()).extractingPath("$.overtaken_by").isEqualTo(List.of(passer("carol")));
		}
	}

	@Test
	void aPeriodBoundarySendsTheNewPeriodsStanding() {
		this.clock.set("2026-11-25T23:59:58Z");
		this.api.update("alice", 3);
		try (EventStream feed = open("alice", "daily")) {
			Event first = feed.await("rank", (e) -> true, LIVE);
			assertThat(first.body()).extractingPath("$.period_start").isEqualTo("2026-11-25");
			assertThat(first.body()).extractingPath("$.rank").isEqualTo(1);

			this.clock.set("2026-11-26T00:00:01Z");
			Event boundary = feed.await("rank", (e) -> true, LIVE);
			assertThat(boundary).as("the boundary event within 2 s").isNotNull();
			assertThat(boundary.body()).extractingPath("$.period_start").isEqualTo("2026-11-26");
			assertThat(boundary.body()).extractingPath("$.rank").isNull();
			assertThat(boundary.body()).extractingPath("$.score").isEqualTo(0);
			assertThat(boundary.body()).extractingPath("$.total").isEqualTo(0);
			assertThat(boundary.body()).extractingPath("$.overtaken_by").asArray().isEmpty();

			this.api.update("alice", 2);
			Event today = feed.await("rank", (e) -> true, LIVE);
			assertThat(today.body()).extractingPath("$.period_start").isEqualTo("2026-11-26");
			assertThat(today.body()).extractingPath("$.rank").isEqualTo(1);
			assertThat(today.body()).extractingPath("$.score").isEqualTo(2);
		}
	}

	@Test
	void anUnknownUserIsA404Problem() {
		this.api.update("alice", 1);
		Response unknown = Refusals.refused(this.port, feed("nobody", "daily"), "Accept", "text/event-stream");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(unknown.body()).extractingPath("$.status").isEqualTo(404);
		assertThat(Refusals.refused(this.port, feed("no%20one", "daily")).status()).isEqualTo(400);
	}

	@Test
	void aMissingOrBadPeriodIsA400Problem() {
		this.api.update("alice", 1);
		for (String path : new String[] { "/api/redis-leaderboard/user/alice/events",
				"/api/redis-leaderboard/user/alice/events?period=", feed("alice", "hourly"), feed("alice", "DAILY"),
				feed("alice", "daily") + "&region=eu&org=acme", feed("alice", "daily") + "&region=e%20u" }) {
			Response response = Refusals.refused(this.port, path, "Accept", "text/event-stream");
			assertThat(response.status()).as(path).isEqualTo(400);
			assertThat(response.contentType()).as(path).startsWith("application/problem+json");
		}
		assertThat(
				Refusals.refused(this.port, "/api/redis-leaderboard/user/alice/events", "Accept", "text/event-stream")
					.body())
			.extractingPath("$.detail")
			.asString()
			.contains("period");
	}

	private EventStream open(String user, String period) {
		return EventStream.open(this.port, feed(user, period));
	}

	private static String feed(String user, String period) {
		return FEED.formatted(user, period);
	}

	private Response scopedUpdate(String user, int count, String region) {
		return this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"" + user + "\",\"count\":" + count + ",\"region\":\"" + region + "\"}");
	}

	private static Map<String, Object> passer(String user) {
		Map<String, Object> passer = new HashMap<>();
		passer.put("user_id", user);
		passer.put("display_name", null);
		return passer;
	}

}
