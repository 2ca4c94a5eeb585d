package app.leaderboard.store.redis.coordination;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;

/**
 * Locks in Redis that keep several instances from building the same key at once: a token
 * per holder ({@code SET NX PX}), released and renewed only by that token, and expiring
 * by itself when its holder dies. While the work runs, the {@link LockWatchdog} renews
 * the lock every third of its time to live; when a renewal finds the lock gone or
 * another's, the work stops at its next step, and what it still sends is refused by the
 * scripts that check the owner (a build's batches and swap).
 * <p>
 * A token names the instance that took it. Redis restarted from a snapshot can bring back
 * a lock whose holder finished long ago; when that holder is this instance, it knows the
 * lock is nobody's and breaks it at once instead of waiting out its time to live (the
 * model test found boards held back that way).
 */
public class RedisLocks {

	private static final Logger log = LoggerFactory.getLogger(RedisLocks.class);

	/** How long a lock outlives a holder that stopped renewing it. */
	static final Duration LOCK_TTL = Duration.ofSeconds(10);

	/** How long {@link #withLock} waits for another holder when asked to wait. */
	static final Duration LOCK_WAIT = Duration.ofMinutes(5);

	private static final Duration POLL = Duration.ofMillis(50);

	private static final LuaScript UNLOCK = LuaScript.load("unlock.lua", ScriptOutputType.INTEGER);

	private static final LuaScript RENEW_LOCK = LuaScript.load("renew_lock.lua", ScriptOutputType.INTEGER);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final LockWatchdog watchdog;

	private final Duration ttl;

	/** Begins every token this instance takes, so that it recognises its own. */
	private final String instance = UUID.randomUUID() + "/";

	/**
	 * Tokens this instance may hold now: added before the {@code SET NX}, removed once it
	 * failed or the lock was released. A token of this instance found in Redis and not
	 * here was restored from a snapshot.
	 */
	private final Set<String> live = ConcurrentHashMap.newKeySet();

	public RedisLocks(RedisConnector connector, RedisGuard guard, LockWatchdog watchdog) {
		this(connector, guard, watchdog, LOCK_TTL);
	}

	/** Locks that live {@code ttl} without a renewal (tests use short ones). */
	public RedisLocks(RedisConnector connector, RedisGuard guard, LockWatchdog watchdog, Duration ttl) {
		this.connector = connector;
		this.guard = guard;
		this.watchdog = watchdog;
		this.ttl = ttl;
	}

	/** Takes a lock for {@code ttl}; returns the token needed to release it. */
	public Optional<String> tryLock(String key, Duration ttl) {
		String token = this.instance + UUID.randomUUID();
		this.live.add(token);
		boolean taken = false;
		try {
			taken = this.guard.call(() -> "OK".equals(this.guard
				.awaitBulk(this.connector.bulk().set(key, token, SetArgs.Builder.nx().px(ttl.toMillis())))));
			if (!taken && breakOrphan(key)) {
				taken = this.guard.call(() -> "OK".equals(this.guard
					.awaitBulk(this.connector.bulk().set(key, token, SetArgs.Builder.nx().px(ttl.toMillis())))));
			}
			return taken ? Optional.of(token) : Optional.empty();
		}
		finally {
			if (!taken) {
				this.live.remove(token);
			}
		}
	}

	/**
	 * Deletes the lock {@code key} when it holds a token of this instance that no work of
	 * this instance holds: Redis brought it back from a snapshot.
	 */
	private boolean breakOrphan(String key) {
		String holder = this.guard.call(() -> this.guard.awaitBulk(this.connector.bulk().get(key)));
		if (holder == null || !holder.startsWith(this.instance) || this.live.contains(holder)) {
			return false;
		}
		log.info("Broke the lock {}: Redis brought it back from a snapshot, and its holder here finished", key);
		unlock(key, holder);
		return true;
	}

	public void unlock(String key, String token) {
		try {
			this.guard.call(() -> UNLOCK.runBulk(this.guard, this.connector.bulk(), new String[] { key }, token));
		}
		finally {
			this.live.remove(token);
		}
	}

	/**
	 * Extends the lock by {@code ttl} if this token still holds it; says whether it does.
	 */
	public boolean renewLock(String key, String token, Duration ttl) {
		Long renewed = this.guard.call(() -> RENEW_LOCK.runBulk(this.guard, this.connector.bulk(), new String[] { key },
				token, Long.toString(ttl.toMillis())));
		return renewed != null && renewed == 1;
	}

	public boolean locked(String key) {
		return this.guard.call(() -> this.guard.awaitBulk(this.connector.bulk().exists(key)) > 0);
	}

	/**
	 * Work done while holding a lock; it calls {@link Held#ensureHeld()} between steps.
	 */
	@FunctionalInterface
	public interface Work {

		long run(Held lock);

	}

	/**
	 * Runs {@code work} holding the lock {@code key}, renewed in the background while it
	 * runs and released afterwards.
	 * @param wait wait (up to five minutes) for another holder to finish; otherwise
	 * return empty at once when someone else holds it
	 * @return what the work returned, or empty when the lock was not taken or was lost
	 * while the work ran (another holder does the work now)
	 */
	public Optional<Long> withLock(String key, boolean wait, Work work) {
		Optional<String> token = tryLock(key, this.ttl);
		if (token.isEmpty() && wait) {
			AtomicReference<Optional<String>> taken = new AtomicReference<>(token);
			poll(() -> taken.updateAndGet((none) -> tryLock(key, this.ttl)).isPresent(), LOCK_WAIT);
			token = taken.get();
		}
		if (token.isEmpty()) {
			return Optional.empty();
		}
		String held = token.get();
		Held lock = this.watchdog.watch("the lock " + key, this.ttl, () -> renewLock(key, held, this.ttl));
		try {
			return Optional.of(work.run(lock));
		}
		catch (LockLostException ex) {
			if (ex.held() != lock) {
				throw ex;
			}
			log.warn("Stopped the work under {}: the lock was lost while it ran", key);
			return Optional.empty();
		}
		finally {
			lock.stop();
			unlock(key, held);
		}
	}

	/**
	 * Asks {@code done} every 50 ms until it is true or {@code within} has passed.
	 * @return whether it was true in the end
	 */
	public static boolean poll(BooleanSupplier done, Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		while (!done.getAsBoolean()) {
			if (System.nanoTime() >= deadline) {
				return false;
			}
			try {
				Thread.sleep(POLL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
		return true;
	}

}
