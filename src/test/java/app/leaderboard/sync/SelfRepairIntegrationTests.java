package app.leaderboard.sync;

import static app.leaderboard.support.TestApi.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.json.JsonContent;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.EmbeddedPostgresServer;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.ProcessGroup;
import app.leaderboard.support.RedisProcess;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestProperties;
import app.leaderboard.support.UserCache;

/**
 * Self-repair (docs/consistency.md) with whole service instances sharing one PostgreSQL
 * and one Redis: a start on a stale Redis repairs the service's keys by itself (and only
 * those), and a scheduled sync runs once per firing across two instances.
 */
class SelfRepairIntegrationTests {

	private static final String PREFIX = "lbrepair:";

	@TempDir
	static Path directory;

	@RegisterExtension
	static final ProcessGroup servers = new ProcessGroup();

	private static EmbeddedPostgresServer postgres;

	private static RedisProcess redis;

	@BeforeAll
	static void startServers() {
		postgres = servers.start(() -> EmbeddedPostgresServer.start(directory.resolve("pg")));
		redis = servers.start(() -> RedisProcess.start(directory.resolve("redis")));
	}

	private static ConfigurableApplicationContext start(String... extra) {
		Map<String, String> properties = TestProperties.of(TestProperties.NO_RATE_LIMIT,
				"leaderboard.key-prefix=" + PREFIX,
				// the drift check must not be what repairs here
				"leaderboard.drift-interval=1h");
		properties.put("leaderboard.database.url", postgres.jdbcUrl());
		properties.put("leaderboard.data-dir", directory.resolve("data").toString());
		properties.putAll(redis.properties());
		properties.putAll(TestProperties.of(extra));
		return ServiceInstances.run(properties);
	}

	private static TestApi api(ConfigurableApplicationContext context) {
		return new TestApi(ServiceInstances.port(context));
	}

	private static Consistency consistency(ConfigurableApplicationContext context) {
		return new Consistency(context.getBean(JdbcTemplate.class), context.getBean(RedisInspection.class),
				context.getBean(Periods.class), () -> redis.call((c) -> UserCache.read(c, PREFIX)));
	}

	/** The mark a completed start-up compare leaves for one drift interval. */
	private static final String COMPARE_DONE = PREFIX + "lease:{startup-repair-done}";

	@BeforeEach
	void noCompareDoneYet() {
		redis.call((c) -> c.del(COMPARE_DONE));
	}

	@Test
	void aStartOnAStaleRedisRepairsOurKeysAndLeavesOthersAlone() {
		try (ConfigurableApplicationContext first = start()) {
			TestApi api = api(first);
			api.update("alice", 5);
			api.update("bob", 3);
			api.update("carol", 2);
			api.update("dave", 1);
			Consistency consistency = consistency(first);
			Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> consistency.difference() == null);
		}
		// while the service is away, its keys go stale and another application writes
		RedisKeys keys = new RedisKeys(PREFIX);
		Periods periods = new Periods(Clock.systemUTC(), ZoneOffset.UTC);
		PeriodInstance daily = periods.current(Period.DAILY);
		PeriodInstance weekly = periods.current(Period.WEEKLY);
		redis.call((c) -> {
			c.zadd(keys.board(daily), BoardScore.encode(99, daily.start(), daily), "alice");
			c.zrem(keys.board(daily), "bob");
			c.zadd(keys.board(daily), BoardScore.encode(7, daily.start(), daily), "mallory");
			c.zrem(keys.board(weekly), "carol");
			c.hdel(keys.users("dave"), "dave");
			c.set("other-app:config", "keep me");
			c.zadd("other-app:board", 1, "someone");
			// the next start comes more than one drift interval after the first compare
			c.del(COMPARE_DONE);
			return null;
		});

		try (ConfigurableApplicationContext second = start()) {
			Consistency consistency = consistency(second);
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> consistency.difference() == null);
			JsonContent board = api(second).get("/api/redis-leaderboard/daily").body();
			assertThat(board).extractingPath("$.entries[0]").isEqualTo(entry(1, "alice", 5));
			assertThat(board).extractingPath("$.entries[1].rank").isEqualTo(2);
			assertThat(board).extractingPath("$.entries[1].user_id").asString().isEqualTo("bob");
		}
		String config = redis.call((c) -> c.get("other-app:config"));
		Double score = redis.call((c) -> c.zscore("other-app:board", "someone"));
		assertThat(config).isEqualTo("keep me");
		assertThat(score).isEqualTo(1.0);
	}

	/**
	 * A rolling deploy pays the start-up compare once: an instance that starts within one
	 * drift interval of another's completed compare skips its own, and the drift check
	 * covers what changed since.
	 */
	@Test
	void anInstanceStartingWithinADriftIntervalOfACompletedCompareSkipsItsOwn() throws Exception {
		try (ConfigurableApplicationContext first = start()) {
			api(first).update("alice", 5);
			first.getBean(StartupRepair.class).await(Duration.ofSeconds(60));
			Long ttl = redis.call((c) -> c.pttl(COMPARE_DONE));
			assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofHours(1).toMillis());
		}
		Periods periods = new Periods(Clock.systemUTC(), ZoneOffset.UTC);
		PeriodInstance daily = periods.current(Period.DAILY);
		String board = new RedisKeys(PREFIX).board(daily);
		redis.call((c) -> c.zadd(board, BoardScore.encode(7, daily.start(), daily), "mallory"));
		try (ConfigurableApplicationContext second = start()) {
			second.getBean(StartupRepair.class).await(Duration.ofSeconds(60));
			Double mallory = redis.call((c) -> c.zscore(board, "mallory"));
			assertThat(mallory).as("left to the drift check").isNotNull();
		}
		redis.call((c) -> c.zrem(board, "mallory"));
	}

	@Test
	void theScheduledSyncRunsOncePerFiringAcrossTwoInstances() {
		String cron = "leaderboard.sync-cron=*/2 * * * * *";
		try (ConfigurableApplicationContext one = start(cron); ConfigurableApplicationContext two = start(cron)) {
			SelfRepairScheduling a = one.getBean(SelfRepairScheduling.class);
			SelfRepairScheduling b = two.getBean(SelfRepairScheduling.class);
			// firings that both instances have seen
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> common(a.syncHistory(), b.syncHistory()).size() >= 3);

			Map<java.time.Instant, List<Boolean>> firings = common(a.syncHistory(), b.syncHistory());
			firings.forEach((at, ran) -> assertThat(ran).as("firing " + at).containsExactlyInAnyOrder(true, false));
			assertThat(one.getBean(io.micrometer.core.instrument.MeterRegistry.class)
				.get("leaderboard.cache.scheduled.syncs")
				.tag("outcome", "ran")
				.counter()
				.count()
					+ two.getBean(io.micrometer.core.instrument.MeterRegistry.class)
						.get("leaderboard.cache.scheduled.syncs")
						.tag("outcome", "ran")
						.counter()
						.count())
				.isGreaterThanOrEqualTo(3);
		}
	}

	/** Firing time to what each instance did, for firings both instances recorded. */
	private static Map<java.time.Instant, List<Boolean>> common(List<ScheduledSync.Firing> a,
			List<ScheduledSync.Firing> b) {
		Map<java.time.Instant, List<Boolean>> byTime = new HashMap<>();
		a.forEach((f) -> byTime.computeIfAbsent(f.scheduledAt(), (t) -> new ArrayList<>()).add(f.ran()));
		b.forEach((f) -> byTime.computeIfAbsent(f.scheduledAt(), (t) -> new ArrayList<>()).add(f.ran()));
		byTime.values().removeIf((ran) -> ran.size() < 2);
		return byTime;
	}

}
