package app.leaderboard.read.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import app.leaderboard.support.EventStream;
import app.leaderboard.support.EventStream.Event;
import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi;

/**
 * The personal feed with two service instances sharing one PostgreSQL and one Redis: this
 * test's context, A, and B beside it. The periodic re-read is off on both, so what
 * reaches a feed from the other instance came through the Redis board-change channel.
 */
@TestPropertySource(properties = { UserEventsAcrossInstancesIntegrationTests.KEY_PREFIX,
		UserEventsAcrossInstancesIntegrationTests.NO_REFRESH })
class UserEventsAcrossInstancesIntegrationTests extends RedisProcessTestBase {

	static final String KEY_PREFIX = "leaderboard.key-prefix=lbfeed:";

	static final String NO_REFRESH = "leaderboard.events.refresh=1h";

	private static final Duration LIVE = Duration.ofSeconds(2);

	private static ConfigurableApplicationContext instanceB;

	private TestApi b;

	@BeforeEach
	void bothInstancesRunning() {
		if (instanceB == null) {
			instanceB = startInstance(KEY_PREFIX, NO_REFRESH);
		}
		this.b = new TestApi(ServiceInstances.port(instanceB));
	}

	@AfterAll
	static void stopB() {
		instanceB = null;
	}

	@Test
	void anUpdateTakenByTheOtherInstanceReachesTheFeedWithinTwoSeconds() {
		this.api.update("alice", 5);
		this.api.update("bob", 1);
		try (EventStream onA = EventStream.open(this.port, "/api/redis-leaderboard/user/alice/events?period=daily")) {
			Event first = onA.await("rank", (e) -> true, LIVE);
			assertThat(first.body()).extractingPath("$.rank").isEqualTo(1);

			assertThat(this.b.update("bob", 9).status()).isEqualTo(200);
			long posted = System.nanoTime();
			Event passed = onA.await("rank", (e) -> true, LIVE);
			assertThat(passed).as("B's update on A's feed").isNotNull();
			assertThat(Duration.ofNanos(passed.receivedNanos() - posted)).isLessThan(LIVE);
			assertThat(passed.body()).extractingPath("$.rank").isEqualTo(2);
			assertThat(passed.body()).extractingPath("$.overtaken_by").isEqualTo(List.of(passer("bob")));

			assertThat(this.b.update("alice", 10).status()).isEqualTo(200);
			Event back = onA.await("rank", (e) -> true, LIVE);
			assertThat(back).as("alice's own update on B, on A's feed").isNotNull();
			assertThat(back.body()).extractingPath("$.rank").isEqualTo(1);
			assertThat(back.body()).extractingPath("$.score").isEqualTo(15);
		}
		// and the other way round
		try (EventStream onB = EventStream.open(ServiceInstances.port(instanceB),
				"/api/redis-leaderboard/user/bob/events?period=weekly")) {
			assertThat(onB.await("rank", (e) -> true, LIVE).body()).extractingPath("$.score").isEqualTo(10);
			this.api.update("bob", 1);
			Event seen = onB.await("rank", (e) -> true, LIVE);
			assertThat(seen).as("A's update on B's feed").isNotNull();
			assertThat(seen.body()).extractingPath("$.score").isEqualTo(11);
		}
	}

	private static Map<String, Object> passer(String user) {
		Map<String, Object> passer = new HashMap<>();
		passer.put("user_id", user);
		passer.put("display_name", null);
		return passer;
	}

}
