package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.RawRedisTestBase;

/**
 * A builder that stalls past its lock's time to live while another takes the board over
 * (a pause of its whole process: its renewals stop too) must not write its older snapshot
 * into the other's build, nor swap anything in: the board ends as PostgreSQL holds it.
 * The builders pause in their progress report, after 10,000 rows: the rows are still in
 * the builder's sorted run then, and all go out late.
 */
class StalledBuilderIntegrationTests extends RawRedisTestBase {

	private static final int USERS = 12_000;

	@Autowired
	Periods periods;

	private final ExecutorService builders = Executors.newFixedThreadPool(2);

	private final CountDownLatch stalledPaused = new CountDownLatch(1);

	private final CountDownLatch stalledGoes = new CountDownLatch(1);

	private final CountDownLatch takerPaused = new CountDownLatch(1);

	private final CountDownLatch takerGoes = new CountDownLatch(1);

	@AfterEach
	void stopBuilders() {
		this.stalledGoes.countDown();
		this.takerGoes.countDown();
		this.builders.shutdown();
	}

	@Test
	void aStalledBuildersLateBatchesAndSwapAreRefused() throws Exception {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		seed(daily);
		Future<Optional<Long>> stalled = this.builders
			.submit(() -> this.rebuild.rebuildBoard(daily, true, pauseOnce(this.stalledPaused, this.stalledGoes)));
		assertThat(this.stalledPaused.await(60, TimeUnit.SECONDS)).isTrue();

		// its process stalls past the lock's time to live: the lock expires...
		this.raw.commands().del(this.keys.boardLock(daily));
		// ...and meanwhile every total is corrected down in PostgreSQL
		this.jdbc.update("update period_totals set total = 1 where period = 'daily' and period_start = ?",
				daily.startDate());
		// another builder takes the board over
		Future<Optional<Long>> taker = this.builders
			.submit(() -> this.rebuild.rebuildBoard(daily, true, pauseOnce(this.takerPaused, this.takerGoes)));
		assertThat(this.takerPaused.await(60, TimeUnit.SECONDS)).isTrue();

		// the stalled one wakes up with its older snapshot, while the other builds
		this.stalledGoes.countDown();
		stalled.get(60, TimeUnit.SECONDS);
		this.takerGoes.countDown();
		assertThat(taker.get(60, TimeUnit.SECONDS)).contains((long) USERS);

		Map<String, Long> postgres = new Consistency(this.jdbc, this.redis, this.periods, null).postgres(daily);
		assertThat(postgres).hasSize(USERS).containsValue(1L).doesNotContainValue(5L);
		assertThat(this.redis.boardMembers(daily)).hasValue(USERS);
		Map<String, Long> cached = this.redis.totals(daily, List.copyOf(postgres.keySet()));
		assertThat(postgres.keySet().stream().filter((user) -> !postgres.get(user).equals(cached.get(user))))
			.as("users whose total in Redis is not PostgreSQL's")
			.isEmpty();
		assertThat(this.raw.commands().exists(this.keys.boardBuild(daily))).isZero();
	}

	/** A progress report that pauses its builder the first time it is called. */
	private static LongConsumer pauseOnce(CountDownLatch paused, CountDownLatch goes) {
		AtomicBoolean first = new AtomicBoolean(true);
		return (rows) -> {
			if (first.getAndSet(false)) {
				paused.countDown();
				try {
					goes.await(2, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		};
	}

	/** {@value #USERS} users on the daily board with 5 each. */
	private void seed(PeriodInstance daily) {
		this.jdbc.update("insert into users (user_id, version, created_at, updated_at) "
				+ "select 'stall' || n, 1, now(), now() from generate_series(1, ?) n", USERS);
		this.jdbc.update(
				"insert into period_totals (period, period_start, user_id, total, reached_at) "
						+ "select 'daily', ?, 'stall' || n, 5, ?::timestamptz from generate_series(1, ?) n",
				daily.startDate(), this.clock.instant().toString(), USERS);
	}

}
