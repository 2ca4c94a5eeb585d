package app.leaderboard.store.redis.coordination;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * A lock or a lease held while its work runs, renewed in the background by the
 * {@link LockWatchdog}. The work asks it at each step whether it still holds it
 * ({@link #ensureHeld()}); what must live exactly as long as the lock (a build key) is
 * renewed with it ({@link #keepAlive}).
 */
public final class Held {

	private static final Logger log = LoggerFactory.getLogger(Held.class);

	private final String name;

	private final Duration ttl;

	private final BooleanSupplier renewal;

	private final List<BooleanSupplier> keptAlive = new CopyOnWriteArrayList<>();

	/**
	 * When the last renewal that succeeded was sent, in real time, not the service's
	 * clock: Redis expires the key in real time.
	 */
	private volatile long renewedAt = System.nanoTime();

	private volatile boolean lost;

	private volatile @Nullable Future<?> renewing;

	Held(String name, Duration ttl, BooleanSupplier renewal) {
		this.name = name;
		this.ttl = ttl;
		this.renewal = renewal;
	}

	void renewing(Future<?> renewing) {
		this.renewing = renewing;
	}

	/** One renewal, on the watchdog's thread; never throws, or it would not run again. */
	void renew() {
		if (this.lost) {
			return;
		}
		long sent = System.nanoTime();
		try {
			boolean owned = this.renewal.getAsBoolean();
			for (BooleanSupplier other : this.keptAlive) {
				owned = owned && other.getAsBoolean();
			}
			if (owned) {
				this.renewedAt = sent;
			}
			else {
				lose("another holder has it now, or Redis lost it");
			}
		}
		catch (RedisUnavailableException ex) {
			// still this holder's until its time to live has passed since the last
			// renewal
			if (System.nanoTime() - this.renewedAt >= this.ttl.toNanos()) {
				lose("Redis did not answer its renewals for " + this.ttl.toMillis() + " ms");
			}
		}
		catch (RuntimeException ex) {
			lose("its renewal failed: " + ex);
		}
	}

	private void lose(String why) {
		this.lost = true;
		stop();
		log.warn("Lost {} while its work ran ({}); the work stops at its next step", this.name, why);
	}

	/** Whether no renewal has found it lost yet. */
	public boolean held() {
		return !this.lost;
	}

	/**
	 * Called by the work before each step.
	 * @throws LockLostException once a renewal found that this holder no longer has it
	 */
	public void ensureHeld() {
		if (this.lost) {
			throw new LockLostException(this);
		}
	}

	/**
	 * Renews {@code what} with each renewal of this lock, for as long as it is held:
	 * {@code what} extends itself and says whether it is still this holder's; when it
	 * says no, the lock's work is lost too.
	 */
	public void keepAlive(BooleanSupplier what) {
		this.keptAlive.add(what);
	}

	/** Stops renewing: the work is done (or the lock lost). */
	public void stop() {
		Future<?> renewals = this.renewing;
		if (renewals != null) {
			renewals.cancel(false);
		}
	}

	@Override
	public String toString() {
		return this.name;
	}

}
