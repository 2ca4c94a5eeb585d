package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
import app.leaderboard.support.RedisSentinelFixture;
import app.leaderboard.support.ServiceInstances;

/**
 * A master, a replica and three Sentinels: kill -9 the master under load, and the service
 * follows the promoted replica without a restart, losing nothing it acknowledged.
 */
class SentinelFailoverIntegrationTests {

	@RegisterExtension
	static final ProcessGroup fixtures = new ProcessGroup();

	private static RedisSentinelFixture sentinel;

	private static ServiceInstances instances;

	@BeforeAll
	static void start() {
		Path directory = Path.of("target", "sentinel-failover", UUID.randomUUID().toString());
		sentinel = fixtures.start(() -> RedisSentinelFixture.start(directory.resolve("redis")));
		instances = fixtures.start(() -> ServiceInstances.start(directory, 1, sentinel.properties()));
	}

	@Test
	void theServiceFollowsThePromotedReplica() {
		Periods periods = instances.bean(0, Periods.class);
		RedisInspection redis = instances.bean(0, RedisInspection.class);
		RedisKeys keys = instances.bean(0, RedisKeys.class);
		PeriodInstance daily = periods.current(Period.DAILY);
		Load load = new Load(instances.apis(), IntStream.range(0, 30).mapToObj((i) -> "st-" + i).toList(), 3)
			.pace(Duration.ofMillis(20))
			.start();
		Load.sleep(2_000);

		sentinel.master().kill();
		sentinel.awaitReplicaPromoted(Duration.ofSeconds(30));
		Load.sleep(3_000);
		load.stop();

		assertThat(load.updates()).isPositive();
		assertThat(load.slowestAttemptMillis()).as("slowest update attempt, ms").isLessThanOrEqualTo(2_000);
		Consistency consistency = new Consistency(instances.jdbc(), redis, periods, null);
		Map<String, Long> postgres = consistency.postgres(daily);
		load.acknowledged()
			.forEach((user, total) -> assertThat(postgres.getOrDefault(user, 0L)).as(user).isEqualTo(total));
		consistency.awaitEqual(Duration.ofSeconds(60));
		// the board lives on the promoted replica now, and reads come from it
		Long members = sentinel.replica().call((r) -> r.zcard(keys.board(daily)));
		assertThat(members).isPositive();
		assertThat(instances.api(0).update("after-failover", 2).status()).isEqualTo(200);
		assertThat(instances.api(0).get("/api/redis-leaderboard/daily").source()).isEqualTo("redis");
		Double score = sentinel.replica().call((r) -> r.zscore(keys.board(daily), "after-failover"));
		assertThat(score).isNotNull();
	}

}
