package app.leaderboard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.Load;
import app.leaderboard.support.RedisProcessTestBase;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.UserCache;

/**
 * The soak: mixed load (writers on shared users moving between regions and organisations,
 * readers of boards, ranks and users) for {@code soak.duration} (default 5 minutes) while
 * Redis is killed, paused, flushed and restarted empty at random, and an operator hides,
 * unhides and erases users, takes erased ids up again and moves the clock across
 * midnight. At the end it prints how many acknowledged pomodoros are missing (lost) or
 * counted twice in PostgreSQL and in Redis, on each period's current and previous board,
 * and how many erased users show anywhere again (resurrected); all must be 0.
 * <p>
 * Not part of {@code ./mvnw verify}; run it alone with {@code ./mvnw verify -Psoak}
 * (optionally {@code -Dsoak.duration=PT2M -Dsoak.seed=42}).
 */
@TestPropertySource(properties = { "leaderboard.key-prefix=lbsoak:", "leaderboard.relay-interval=500ms",
		// past boards are repaired by the drift check: converge within the final wait
		"leaderboard.drift-interval=2s" })
class RedisKillSoakIT extends RedisProcessTestBase {

	@Test
	void mixedLoadWithRandomRedisFaultsLosesAndDoublesNothing() throws Exception {
		Duration duration = Duration.parse(System.getProperty("soak.duration", "PT5M"));
		long seed = Long.getLong("soak.seed", System.nanoTime());
		Random random = new Random(seed);
		TestApi api = this.api;
		List<String> users = IntStream.range(0, 40).mapToObj((i) -> "soak" + i).toList();
		// a steady load, not a flood: the machine is shared, and five minutes is long
		Load load = new Load(api, users, 6).pace(Duration.ofMillis(20))
			.withScopes()
			.countingDays(this.periods::today)
			.start();
		AtomicBoolean reading = new AtomicBoolean(true);
		AtomicLong reads = new AtomicLong();
		AtomicLong readErrors = new AtomicLong();
		AtomicLong slowestRead = new AtomicLong();
		Thread reader = new Thread(() -> {
			Random pick = new Random(seed + 1);
			while (reading.get()) {
				Load.sleep(5);
				String user = users.get(pick.nextInt(users.size()));
				String path = switch (pick.nextInt(4)) {
					case 0 -> "/api/redis-leaderboard/daily?limit=20";
					case 1 -> "/api/redis-leaderboard/weekly?limit=20&region=" + Load.REGIONS.get(pick.nextInt(3));
					case 2 -> "/api/redis-leaderboard/user/" + user + "/rank/weekly";
					default -> "/api/redis-leaderboard/user/" + user;
				};
				long started = System.nanoTime();
				try {
					int status = api.get(path).status();
					if (status != 200 && status != 404) {
						readErrors.incrementAndGet();
					}
				}
				catch (RuntimeException ex) {
					readErrors.incrementAndGet();
				}
				slowestRead.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
				reads.incrementAndGet();
			}
		}, "soak-reader");
		reader.start();
		SoakOperator operator = new SoakOperator(load, users, new Random(seed + 2), api, admin(), this.clock,
				this.periods, this.jdbc);
		operator.start();

		int kills = 0;
		int pauses = 0;
		int flushes = 0;
		int emptyRestarts = 0;
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			Load.sleep(3_000 + random.nextInt(7_000));
			switch (random.nextInt(4)) {
				case 0 -> {
					redisServer.kill();
					Load.sleep(500 + random.nextInt(3_500));
					redisServer.restart();
					kills++;
				}
				case 1 -> {
					redisServer.pause();
					Load.sleep(500 + random.nextInt(2_500));
					redisServer.resume();
					pauses++;
				}
				case 2 -> {
					redisServer.flushAll();
					flushes++;
				}
				default -> {
					redisServer.kill();
					redisServer.restart();
					emptyRestarts++;
				}
			}
		}
		operator.stop();
		load.stop();
		reading.set(false);
		reader.join();
		// hidden users count on no board: back on them, their totals are checked too
		operator.unhideAll();

		Consistency consistency = this.consistency;
		consistency.awaitEqual(Duration.ofSeconds(60));
		Map<String, Map<LocalDate, Long>> acknowledged = load.acknowledgedByDay();
		Set<String> erased = load.retired();
		List<String> recorded = users.stream().filter((user) -> !erased.contains(user)).toList();
		long[] postgres = new long[2];
		long[] redis = new long[2];
		Set<String> lostUsers = new TreeSet<>();
		for (PeriodInstance current : this.periods.currentAll().values()) {
			for (PeriodInstance instance : List.of(current, this.periods.previous(current))) {
				Map<String, Long> truth = consistency.postgres(instance);
				Map<String, Long> cached = this.redis.totals(instance, recorded);
				LocalDate until = LocalDate.ofInstant(instance.end(), ZoneOffset.UTC);
				for (String user : recorded) {
					long expected = acknowledged.getOrDefault(user, Map.of())
						.entrySet()
						.stream()
						.filter((day) -> !day.getKey().isBefore(instance.startDate()) && day.getKey().isBefore(until))
						.mapToLong(Map.Entry::getValue)
						.sum();
					if (count(expected, truth.getOrDefault(user, 0L), postgres)
							| count(expected, cached.getOrDefault(user, 0L), redis)) {
						lostUsers.add(user);
					}
				}
			}
		}
		Set<String> resurrected = resurrected(erased, consistency);
		long pomodoros = acknowledged.values()
			.stream()
			.flatMap((days) -> days.values().stream())
			.mapToLong(Long::longValue)
			.sum();
		System.out.printf("SOAK seed=%d duration=%s%n", seed, duration);
		System.out.printf(
				"SOAK load: %d acknowledged updates (%d pomodoros counted now, %d re-sent attempts), %d reads "
						+ "(%d errors), slowest update %d ms, slowest read %d ms%n",
				load.updates(), pomodoros, load.failedAttempts(), reads.get(), readErrors.get(), load.slowestMillis(),
				slowestRead.get());
		System.out.printf("SOAK operations: %s; clock now %s%n", operator.summary(), this.clock.instant());
		System.out.printf("SOAK redis faults: %d kills, %d pauses, %d FLUSHALLs, %d empty restarts%n", kills, pauses,
				flushes, emptyRestarts);
		System.out.printf("SOAK postgres: lost=%d double-counted=%d%n", postgres[0], postgres[1]);
		System.out.printf("SOAK redis:    lost=%d double-counted=%d%n", redis[0], redis[1]);
		System.out.printf("SOAK users:    lost=%d %s resurrected=%d %s (of %d erased now)%n", lostUsers.size(),
				lostUsers, resurrected.size(), resurrected, erased.size());

		assertThat(postgres).containsExactly(0, 0);
		assertThat(redis).containsExactly(0, 0);
		assertThat(lostUsers).isEmpty();
		assertThat(resurrected).isEmpty();
		assertThat(operator.failures()).isZero();
		assertThat(load.failedAttempts()).isZero();
		assertThat(readErrors.get()).isZero();
	}

	/**
	 * Erased users found anywhere: a PostgreSQL row, a member of any board Redis serves
	 * (current and previous, every scope), the user cache, or a stats answer.
	 */
	private Set<String> resurrected(Set<String> erased, Consistency consistency) {
		List<PeriodInstance> boards = new ArrayList<>();
		for (PeriodInstance board : consistency.boards()) {
			boards.add(board);
			boards.add(this.periods.previous(board));
		}
		Map<String, String> cache = redisServer.call((c) -> UserCache.read(c, this.keys.prefix()));
		Set<String> found = new TreeSet<>();
		for (String user : erased) {
			Integer rows = this.jdbc.queryForObject(
					"select (select count(*) from users where user_id = ?) + (select count(*) from period_totals where user_id = ?)",
					Integer.class, user, user);
			boolean onABoard = boards.stream()
				.anyMatch((board) -> this.redis.totals(board, List.of(user)).containsKey(user));
			if (rows != 0 || onABoard || cache.containsKey(user)
					|| this.api.get("/api/redis-leaderboard/user/" + user).status() != 404) {
				found.add(user);
			}
		}
		return found;
	}

	/**
	 * Adds what is missing to lost ([0]) and what is extra to double-counted ([1]); true
	 * when something is missing.
	 */
	private static boolean count(long expected, long actual, long[] tally) {
		tally[0] += Math.max(0, expected - actual);
		tally[1] += Math.max(0, actual - expected);
		return actual < expected;
	}

}
