package app.leaderboard.store.redis.coordination;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.springframework.stereotype.Component;

/**
 * Keeps locks and leases alive while their work runs: each one held is renewed every
 * third of its time to live, in the background, for as long as its work runs, and is
 * marked lost when a renewal finds that this holder no longer has it; the work then stops
 * at its next step ({@link Held#ensureHeld()}). A holder that dies stops renewing, and
 * its lock expires within one time to live.
 * <p>
 * One small scheduler of its own serves every lock and lease of the process, not the
 * application's task scheduler: the timers run there (a drift check's rebuild, a
 * scheduled sync, a warm-up waiting minutes for a load), and as many of them as it has
 * threads could hold locks at once, leaving no thread to renew them. A renewal is one
 * short script; two threads keep one that waits on a slow Redis from holding up the
 * others.
 */
@Component
public class LockWatchdog implements AutoCloseable {

	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(2, (task) -> {
		Thread thread = new Thread(task, "lock-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	public LockWatchdog() {
		this.timer.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Renews a lock or lease every third of {@code ttl} until it is
	 * {@linkplain Held#stop() stopped} or lost.
	 * @param name what is held, for the log
	 * @param renewal extends it by {@code ttl}; says whether this holder still has it
	 */
	public Held watch(String name, Duration ttl, BooleanSupplier renewal) {
		Held held = new Held(name, ttl, renewal);
		long every = Math.max(1, ttl.toMillis() / 3);
		held.renewing(this.timer.scheduleAtFixedRate(held::renew, every, every, TimeUnit.MILLISECONDS));
		return held;
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
