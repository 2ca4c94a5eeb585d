package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.SelfRepairContext;

/**
 * Self-repair (docs/consistency.md): drift that appears while the service runs (a member
 * changed behind its back) is repaired by itself within two drift intervals
 * ({@code LEADERBOARD_DRIFT_INTERVAL} is 1 s here), and the board stays readable from
 * Redis meanwhile.
 */
@SelfRepairContext
class DriftRepairIntegrationTests extends IntegrationTestBase {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	@Autowired
	private RedisConnector connector;

	@Autowired
	private Periods periods;

	@Test
	void aMemberChangedBehindTheServicesBackIsRepairedWithinTwoIntervals() {
		this.api.update("alice", 3);
		this.api.update("bob", 5);
		Consistency consistency = new Consistency(this.jdbc, this.redis, this.periods, null);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> consistency.difference() == null);
		PeriodInstance weekly = this.periods.current(Period.WEEKLY);
		long builds = this.rebuild.builds(weekly);

		long changed = System.nanoTime();
		RedisClient client = RedisClient.create(this.connector.uri());
		try (StatefulRedisConnection<String, String> raw = client.connect()) {
			raw.sync().zadd(this.keys.board(weekly), BoardScore.encode(42, this.clock.instant(), weekly), "alice");
			raw.sync().zrem(this.keys.board(weekly), "bob");
		}
		finally {
			client.shutdown();
		}
		assertThat(consistency.difference()).isNotNull();

		// two checks see it (one interval apart, the first at most one interval away),
		// then the rebuild; a busy machine gets a few seconds more for the rebuild itself
		Awaitility.await()
			.atMost(INTERVAL.multipliedBy(2).plusSeconds(4))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(consistency.difference()).isNull());
		long repairedMs = (System.nanoTime() - changed) / 1_000_000;
		assertThat(this.rebuild.builds(weekly)).as("rebuilt by the drift check").isGreaterThan(builds);
		assertThat(this.api.get("/api/redis-leaderboard/weekly").source()).isEqualTo("redis");
		System.out.println("drift repaired after " + repairedMs + " ms");
	}

	/**
	 * On a region's board a total changed behind the service's back (the member count
	 * still agrees): the periodic check compares scoped boards' totals too, and rebuilds.
	 */
	@Test
	void aScopedBoardsTotalChangedBehindTheServicesBackIsRepaired() {
		this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"alice\",\"count\":3,\"region\":\"eu\"}");
		this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"bob\",\"count\":5,\"region\":\"eu\"}");
		PeriodInstance weekly = this.periods.current(Period.WEEKLY).in(Scope.region("eu"));
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> "redis".equals(this.api.get("/api/redis-leaderboard/weekly?region=eu").source()));
		Consistency consistency = new Consistency(this.jdbc, this.redis, this.periods, null);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> consistency.difference() == null);
		long builds = this.rebuild.builds(weekly);

		RedisClient client = RedisClient.create(this.connector.uri());
		try (StatefulRedisConnection<String, String> raw = client.connect()) {
			raw.sync().zadd(this.keys.board(weekly), BoardScore.encode(42, this.clock.instant(), weekly), "alice");
		}
		finally {
			client.shutdown();
		}
		assertThat(consistency.difference()).isNotNull();

		Awaitility.await()
			.atMost(INTERVAL.multipliedBy(2).plusSeconds(4))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(consistency.difference()).isNull());
		assertThat(this.rebuild.builds(weekly)).as("rebuilt by the drift check").isGreaterThan(builds);
		assertThat(this.api.get("/api/redis-leaderboard/weekly?region=eu").body()).extractingPath("$.entries[0].score")
			.isEqualTo(5);
	}

}
