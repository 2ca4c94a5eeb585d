package app.leaderboard.store.redis.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.support.RawRedisTestBase;

/**
 * A lock or lease is renewed in the background for as long as its work runs, however long
 * past its time to live, and a work whose lock another holder took over stops at its next
 * step. Short times to live here; the service's are 10 s (locks) and a minute (the
 * start-up compare's lease).
 */
class LockRenewalIntegrationTests extends RawRedisTestBase {

	private static final Duration TTL = Duration.ofMillis(900);

	@Autowired
	JobLease lease;

	@Autowired
	LockWatchdog watchdog;

	@Autowired
	RedisGuard guard;

	@Autowired
	LeaderboardProperties properties;

	private final ExecutorService executor = Executors.newSingleThreadExecutor();

	private final CountDownLatch running = new CountDownLatch(1);

	private final CountDownLatch finish = new CountDownLatch(1);

	@AfterEach
	void stopWork() {
		this.finish.countDown();
		this.executor.shutdownNow();
	}

	@Test
	void aLongJobKeepsItsLeasePastItsTimeToLive() throws Exception {
		JobLease otherInstance = new JobLease(this.connector, this.guard, this.properties, this.watchdog);
		Future<Boolean> job = this.executor
			.submit(() -> this.lease.runHeld("test-long-job", TTL, (held) -> work(held)));
		assertThat(this.running.await(10, TimeUnit.SECONDS)).isTrue();

		// five times its time to live: unrenewed, it would have expired and been taken
		Awaitility.await()
			.during(TTL.multipliedBy(5))
			.atMost(TTL.multipliedBy(10))
			.until(() -> !otherInstance.hold("test-long-job", TTL));

		this.finish.countDown();
		assertThat(job.get(10, TimeUnit.SECONDS)).isTrue();
		// released when the job ended
		assertThat(otherInstance.hold("test-long-job", TTL)).isTrue();
		otherInstance.release("test-long-job");
	}

	@Test
	void aLockIsRenewedWhileItsWorkRunsAndReleasedAfterwards() throws Exception {
		RedisLocks locks = new RedisLocks(this.connector, this.guard, this.watchdog, TTL);
		String key = this.keys.prefix() + "test-lock";
		Future<Optional<Long>> work = this.executor.submit(() -> locks.withLock(key, false, (held) -> {
			work(held);
			return 7L;
		}));
		assertThat(this.running.await(10, TimeUnit.SECONDS)).isTrue();

		Awaitility.await()
			.during(TTL.multipliedBy(5))
			.atMost(TTL.multipliedBy(10))
			.until(() -> locks.tryLock(key, TTL).isEmpty());

		this.finish.countDown();
		assertThat(work.get(10, TimeUnit.SECONDS)).contains(7L);
		assertThat(locks.locked(key)).isFalse();
	}

	@Test
	void aJobWhoseLeaseAnotherInstanceTookStopsAtItsNextStep() throws Exception {
		JobLease otherInstance = new JobLease(this.connector, this.guard, this.properties, this.watchdog);
		AtomicReference<Held> held = new AtomicReference<>();
		Future<Boolean> job = this.executor.submit(() -> this.lease.runHeld("test-stalled-job", TTL, (lease) -> {
			held.set(lease);
			work(lease);
		}));
		assertThat(this.running.await(10, TimeUnit.SECONDS)).isTrue();

		// this instance stalled past the lease's time to live, and another took the job
		this.raw.commands().del(this.keys.prefix() + "lease:{test-stalled-job}");
		assertThat(otherInstance.hold("test-stalled-job", Duration.ofMinutes(1))).isTrue();
		Awaitility.await().atMost(TTL.multipliedBy(5)).until(() -> !held.get().held());

		this.finish.countDown();
		assertThat(job.get(10, TimeUnit.SECONDS)).as("ran to its end").isFalse();
		// and the other instance keeps the job: the stopped one released nothing of it
		assertThat(this.lease.hold("test-stalled-job", TTL)).isFalse();
		otherInstance.release("test-stalled-job");
	}

	@Test
	void aLockRedisBroughtBackAfterItsHolderHereFinishedIsBrokenAtOnce() {
		RedisLocks locks = new RedisLocks(this.connector, this.guard, this.watchdog, Duration.ofMinutes(5));
		RedisLocks otherInstance = new RedisLocks(this.connector, this.guard, this.watchdog, Duration.ofMinutes(5));
		String key = this.keys.prefix() + "test-restored-lock";
		AtomicReference<String> token = new AtomicReference<>();
		assertThat(locks.withLock(key, false, (held) -> {
			token.set(this.raw.commands().get(key));
			return 1L;
		})).contains(1L);
		// Redis restarted from a snapshot taken while the work ran
		this.raw.commands().psetex(key, Duration.ofMinutes(5).toMillis(), token.get());

		assertThat(otherInstance.tryLock(key, TTL)).as("another instance cannot know it is nobody's").isEmpty();
		Optional<String> taken = locks.tryLock(key, TTL);
		assertThat(taken).as("the instance whose token it is knows no work of its own holds it").isPresent();
		assertThat(this.raw.commands().get(key)).isEqualTo(taken.get());
		// a lock this instance holds now is never broken by itself
		assertThat(locks.tryLock(key, TTL)).isEmpty();
		assertThat(this.raw.commands().get(key)).isEqualTo(taken.get());
		locks.unlock(key, taken.get());
	}

	/** Work that runs until the test lets it finish, then takes its next step. */
	private void work(Held held) {
		this.running.countDown();
		try {
			this.finish.await(1, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		held.ensureHeld();
	}

}
