package app.leaderboard.read.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.leaderboard.support.EventStream.Event;
import app.leaderboard.support.EventStream;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * The raw event stream, read with a plain HTTP client: what a non-browser client of
 * {@code GET /{period}/events} gets.
 */
class BoardEventsIntegrationTests extends IntegrationTestBase {

	private static final Duration LIVE = Duration.ofSeconds(2);

	@Test
	void sendsTheBoardOnConnectThenEveryChangeWithinTwoSeconds() {
		this.api.update("alice", 3);
		this.api.update("bob", 5);

		try (EventStream stream = EventStream.open(this.port, "/api/redis-leaderboard/daily/events?limit=2")) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
			assertThat(stream.headers().firstValue("X-Leaderboard-Source")).hasValue("redis");
			Event source = stream.await("source", (e) -> true, LIVE);
			assertThat(source.data()).isEqualTo("redis");
			Event first = stream.await("board", (e) -> true, LIVE);
			// the body of GET /daily?limit=2, exactly
			assertThat(first.json()).isEqualTo(this.api.get("/api/redis-leaderboard/daily?limit=2").json());
			assertThat(first.body()).extractingPath("$.entries").asArray().hasSize(2);
			assertThat(first.body()).extractingPath("$.entries[0].user_id").asString().isEqualTo("bob");

			Response posted = this.api.update("carol", 9);
			assertThat(posted.status()).isEqualTo(200);
			long after = System.nanoTime();
			Event changed = stream.await("board", (e) -> topUser(e).equals("carol"), LIVE);
			assertThat(changed).as("carol's update on the stream within 2 s").isNotNull();
			assertThat(Duration.ofNanos(changed.receivedNanos() - after)).isLessThan(LIVE);
			assertThat(changed.body()).extractingPath("$.total").isEqualTo(3);
			assertThat(changed.body()).extractingPath("$.entries").asArray().hasSize(2);
		}
	}

	@Test
	void changesAreCoalescedToAtMostOneEventPerSecondAndTheLastOneIsComplete() {
		try (EventStream stream = EventStream.open(this.port, "/api/redis-leaderboard/weekly/events")) {
			assertThat(stream.await("board", (e) -> true, LIVE)).isNotNull();
			for (int i = 1; i <= 30; i++) {
				this.api.update("u" + (i % 5), 1);
			}
			List<Event> boards = new ArrayList<>();
			Event last;
			while ((last = stream.await("board", (e) -> true, Duration.ofSeconds(3))) != null) {
				boards.add(last);
				if (pomodoros(last) == 30) {
					break;
				}
			}
			assertThat(boards).isNotEmpty();
			assertThat(pomodoros(boards.get(boards.size() - 1))).as("every update in the last event").isEqualTo(30);
			// events are read at least a second apart; arrival can bunch a little, never
			// by half a second
			for (int i = 1; i < boards.size(); i++) {
				assertThat(Duration.ofNanos(boards.get(i).receivedNanos() - boards.get(i - 1).receivedNanos()))
					.isGreaterThan(Duration.ofMillis(500));
			}
			// 30 updates, and yet only a few events: they were coalesced
			assertThat(boards.size()).isLessThan(10);
		}
	}

	@Test
	void anUnchangedBoardSendsNothingButHeartbeatsMayCome() {
		this.api.update("alice", 1);
		try (EventStream stream = EventStream.open(this.port, "/api/redis-leaderboard/monthly/events")) {
			assertThat(stream.await("board", (e) -> true, LIVE)).isNotNull();
			// the periodic re-read (every 5 s) finds the same board: no event
			List<Event> later = stream.collect(Duration.ofSeconds(6));
			assertThat(later).noneMatch((event) -> event.name().equals("board"));
		}
	}

	@Test
	void badParametersAreProblems() {
		Response period = this.api.get("/api/redis-leaderboard/hourly/events");
		assertThat(period.status()).isEqualTo(400);
		assertThat(period.contentType()).startsWith("application/problem+json");
		for (String limit : new String[] { "0", "101", "abc", "-1" }) {
			Response response = this.api.get("/api/redis-leaderboard/daily/events?limit=" + limit, "Accept",
					"text/event-stream");
			assertThat(response.status()).as(limit).isEqualTo(400);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.body()).extractingPath("$.detail").asString().contains("limit");
		}
	}

	@Test
	void aUserCalledEventsIsStillAUser() {
		this.api.update("events", 2);
		Response user = this.api.get("/api/redis-leaderboard/user/events");
		assertThat(user.status()).isEqualTo(200);
		assertThat(user.body()).extractingPath("$.daily_pomo").isEqualTo(2);
	}

	private Response scopedUpdate(String user, int count, String region) {
		return this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"" + user + "\",\"count\":" + count + ",\"region\":\"" + region + "\"}");
	}

	/**
	 * A region's live board: its own entries and total, a change inside the region within
	 * 2 s, nothing for changes elsewhere, and a user who moves away leaves it within 2 s.
	 */
	@Test
	void aRegionsLiveBoardFollowsItsOwnMembers() {
		scopedUpdate("alice", 3, "eu");
		scopedUpdate("bob", 5, "us");

		try (EventStream stream = EventStream.open(this.port, "/api/redis-leaderboard/daily/events?region=eu")) {
			assertThat(stream.status()).isEqualTo(200);
			Event first = stream.await("board", (e) -> true, LIVE);
			assertThat(first.json()).isEqualTo(this.api.get("/api/redis-leaderboard/daily?region=eu").json());
			assertThat(first.body()).extractingPath("$.total").isEqualTo(1);

			scopedUpdate("carol", 9, "eu");
			Event joined = stream.await("board", (e) -> topUser(e).equals("carol"), LIVE);
			assertThat(joined).as("carol's update on the eu stream within 2 s").isNotNull();
			assertThat(joined.body()).extractingPath("$.total").isEqualTo(2);

			scopedUpdate("dave", 20, "us");
			assertThat(stream.await("board", (e) -> true, Duration.ofMillis(1500))).as("a change in us only").isNull();

			scopedUpdate("carol", 1, "us");
			Event left = stream.await("board", (e) -> topUser(e).equals("alice"), LIVE);
			assertThat(left).as("carol's move away on the eu stream within 2 s").isNotNull();
			assertThat(left.body()).extractingPath("$.total").isEqualTo(1);
		}
		assertThat(this.api.get("/api/redis-leaderboard/daily/events?region=eu&org=acme").status()).isEqualTo(400);
		assertThat(this.api.get("/api/redis-leaderboard/daily/events?region=e%20u").status()).isEqualTo(400);
	}

	/**
	 * Hiding a user takes them off the open live boards at once, not at the next refresh.
	 */
	@Test
	void aHiddenUserLeavesTheLiveBoardWithinTwoSeconds() {
		this.api.update("alice", 3);
		this.api.update("cheater", 500);

		try (EventStream stream = EventStream.open(this.port, "/api/redis-leaderboard/daily/events")) {
			assertThat(topUser(stream.await("board", (e) -> true, LIVE))).isEqualTo("cheater");
			assertThat(this.api.post("/api/redis-leaderboard/admin/users/cheater/hide", null, admin()).status())
				.isEqualTo(200);
			Event hidden = stream.await("board", (e) -> topUser(e).equals("alice"), LIVE);
			assertThat(hidden).as("the hidden user off the stream within 2 s").isNotNull();
			assertThat(hidden.body()).extractingPath("$.total").isEqualTo(1);
		}
	}

	private static String topUser(Event event) {
		int count = event.read("$.entries.length()");
		return (count == 0) ? "" : event.read("$.entries[0].user_id");
	}

	private static long pomodoros(Event event) {
		int count = event.read("$.entries.length()");
		long sum = 0;
		for (int i = 0; i < count; i++) {
			Number score = event.read("$.entries[" + i + "].score");
			sum += score.longValue();
		}
		return sum;
	}

}
