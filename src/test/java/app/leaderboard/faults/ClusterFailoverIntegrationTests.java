package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.Load;
import app.leaderboard.support.ProcessGroup;
import app.leaderboard.support.RedisClusterFixture;
import app.leaderboard.support.RedisNode;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi;

/**
 * kill -9 of the Redis Cluster master that holds the daily board, while writers on two
 * instances update and readers read: no request waits more than 2 s, every acknowledged
 * update is in PostgreSQL exactly once, and Redis converges to it with no admin call.
 */
class ClusterFailoverIntegrationTests {

	@RegisterExtension
	static final ProcessGroup fixtures = new ProcessGroup();

	private static RedisClusterFixture cluster;

	private static ServiceInstances instances;

	@BeforeAll
	static void start() {
		Path directory = Path.of("target", "cluster-failover", UUID.randomUUID().toString());
		cluster = fixtures.start(() -> RedisClusterFixture.start(directory.resolve("redis")));
		instances = fixtures.start(() -> ServiceInstances.start(directory, 2, cluster.properties()));
	}

	@Test
	void aKilledMasterCostsNoAcknowledgedUpdateAndNoLongWait() {
		Periods periods = instances.bean(0, Periods.class);
		RedisInspection redis = instances.bean(0, RedisInspection.class);
		RedisKeys keys = instances.bean(0, RedisKeys.class);
		PeriodInstance daily = periods.current(Period.DAILY);
		Load load = new Load(instances.apis(), IntStream.range(0, 50).mapToObj((i) -> "fo-" + i).toList(), 4)
			.pace(Duration.ofMillis(20))
			.start();
		AtomicLong slowestRead = new AtomicLong();
		Thread reader = new Thread(() -> {
			long stopAt = System.nanoTime() + Duration.ofSeconds(14).toNanos();
			int i = 0;
			while (System.nanoTime() < stopAt) {
				TestApi api = instances.api(i++ % 2);
				long started = System.nanoTime();
				try {
					api.get("/api/redis-leaderboard/daily?limit=10");
					api.get("/api/redis-leaderboard/user/fo-1");
				}
				catch (RuntimeException ex) {
					// counted by its duration
				}
				slowestRead.accumulateAndGet((System.nanoTime() - started) / 2_000_000, Math::max);
			}
		});
		reader.start();
		Load.sleep(3_000);
		RedisNode master = cluster.masterOf(keys.board(daily));

		master.kill();
		Load.sleep(8_000);
		load.stop();
		try {
			reader.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}

		assertThat(load.updates()).isPositive();
		assertThat(load.slowestAttemptMillis()).as("slowest update attempt, ms").isLessThanOrEqualTo(2_000);
		assertThat(slowestRead.get()).as("slowest read, ms").isLessThanOrEqualTo(2_000);
		Consistency consistency = new Consistency(instances.jdbc(), redis, periods, null);
		Map<String, Long> postgres = consistency.postgres(daily);
		load.acknowledged()
			.forEach((user, total) -> assertThat(postgres.getOrDefault(user, 0L)).as(user).isEqualTo(total));
		consistency.awaitEqual(Duration.ofSeconds(60));
		assertThat(instances.api(1).get("/api/redis-leaderboard/daily").source()).isEqualTo("redis");
	}

}
