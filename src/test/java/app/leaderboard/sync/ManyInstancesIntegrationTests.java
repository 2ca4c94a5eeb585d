package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.Load;
import app.leaderboard.support.ProcessGroup;
import app.leaderboard.support.RedisClusterFixture;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi;

/**
 * Three instances of the service on one PostgreSQL and one Redis Cluster, as behind a
 * load balancer: idempotency keys, the rate limit and convergence hold across them, and
 * the background work costs PostgreSQL what one instance's would.
 */
class ManyInstancesIntegrationTests {

	private static final int RATE_LIMIT = 20;

	@RegisterExtension
	static final ProcessGroup fixtures = new ProcessGroup();

	private static RedisClusterFixture cluster;

	private static ServiceInstances instances;

	@BeforeAll
	static void start() {
		Path directory = Path.of("target", "many-instances", UUID.randomUUID().toString());
		cluster = fixtures.start(() -> RedisClusterFixture.start(directory.resolve("redis")));
		Map<String, String> properties = new HashMap<>(cluster.properties());
		properties.put("leaderboard.rate-limit-per-minute", Integer.toString(RATE_LIMIT));
		instances = fixtures.start(() -> ServiceInstances.start(directory, 3, properties));
	}

	private static double relayQueries(int instance) {
		return instances.bean(instance, MeterRegistry.class).counter("leaderboard.outbox.relay.queries").count();
	}

	@Test
	void theOutboxRelayQueriesPostgresFromOneInstanceAtATime() {
		// let every instance tick a few times (500 ms relay interval) before measuring
		Load.sleep(2_000);
		double[] before = IntStream.range(0, 3).mapToDouble(ManyInstancesIntegrationTests::relayQueries).toArray();
		Load.sleep(5_000);
		double[] delta = IntStream.range(0, 3).mapToDouble((i) -> relayQueries(i) - before[i]).toArray();

		// one instance relays every 500 ms: about 10 queries in 5 s, not 30
		assertThat(delta[0] + delta[1] + delta[2]).isBetween(5.0, 13.0);
		assertThat(IntStream.range(0, 3).filter((i) -> delta[i] > 0).count()).as("instances that relayed").isEqualTo(1);
	}

	@Test
	void anIdempotencyKeyCountsOnceWhicheverInstanceGetsIt() {
		String key = UUID.randomUUID().toString();
		List<TestApi.Response> replies = new ArrayList<>();
		for (TestApi api : instances.apis()) {
			replies.add(api.update("idem-user", 4, "Idempotency-Key", key));
		}

		assertThat(replies).allSatisfy((reply) -> assertThat(reply.status()).isEqualTo(200));
		assertThat(replies.get(1).body()).extractingPath("$.daily_pomo").isEqualTo(4);
		assertThat(replies.get(2).body()).extractingPath("$.daily_pomo").isEqualTo(4);
		assertThat(instances.jdbc()
			.queryForObject("select total from period_totals where user_id = 'idem-user' and period = 'daily'",
					Long.class))
			.isEqualTo(4);
	}

	@Test
	void theRateLimitIsOneLimitAcrossInstances() {
		List<TestApi> apis = instances.apis();
		int accepted = 0;
		int limited = 0;
		for (int i = 0; i < 3 * RATE_LIMIT; i++) {
			int status = apis.get(i % 3).update("limited-user", 1).status();
			accepted += (status == 200) ? 1 : 0;
			limited += (status == 429) ? 1 : 0;
		}

		// a token may refill while the requests run (one per 3 s), never N times the
		// limit
		assertThat(accepted).isBetween(RATE_LIMIT, RATE_LIMIT + 2);
		assertThat(accepted + limited).isEqualTo(3 * RATE_LIMIT);
	}

	@Test
	void writersAndReadersOnAllInstancesConverge() {
		List<String> users = IntStream.range(0, 400).mapToObj((i) -> "spread-" + i).toList();
		Load load = new Load(instances.apis(), users, 6).start();
		long reads = 0;
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			for (TestApi api : instances.apis()) {
				assertThat(api.get("/api/redis-leaderboard/daily?limit=10").status()).isEqualTo(200);
				assertThat(api.get("/api/redis-leaderboard/user/spread-1").status()).isIn(200, 404);
				reads += 2;
			}
		}
		load.stop();

		assertThat(load.updates()).isPositive();
		assertThat(reads).isPositive();
		Map<String, Long> acknowledged = load.acknowledged();
		Consistency consistency = new Consistency(instances.jdbc(), instances.bean(1, RedisInspection.class),
				instances.bean(1, Periods.class), null);
		Map<String, Long> postgres = consistency.postgres(instances.bean(0, Periods.class)
			.currentAll()
			.values()
			.stream()
			.filter((instance) -> instance.period().id().equals("daily"))
			.findFirst()
			.orElseThrow());
		acknowledged.forEach((user, total) -> assertThat(postgres.getOrDefault(user, 0L)).as(user).isEqualTo(total));
		consistency.awaitEqual(Duration.ofSeconds(30));
	}

}
