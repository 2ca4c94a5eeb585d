package app.leaderboard.store.redis.coordination;

import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

/**
 * Locks in Redis that keep several instances from building the same key at once: a token
 * per holder ({@code SET NX PX}), released and renewed only by that token, and expiring
 * by itself when its holder dies.
 */
public class RedisLocks {

	/** How long a lock outlives a holder that stopped renewing it. */
	static final Duration LOCK_TTL = Duration.ofSeconds(30);

	/** How long {@link #withLock} waits for another holder when asked to wait. */
	static final Duration LOCK_WAIT = Duration.ofMinutes(5);

	private static final Duration POLL = Duration.ofMillis(50);

	private static final LuaScript UNLOCK = LuaScript.load("unlock.lua", ScriptOutputType.INTEGER);

	private static final LuaScript RENEW_LOCK = LuaScript.load("renew_lock.lua", ScriptOutputType.INTEGER);

	private final RedisConnector connector;

	private final RedisGuard guard;

	public RedisLocks(RedisConnector connector, RedisGuard guard) {
		this.connector = connector;
		this.guard = guard;
	}

	/** Takes a lock for {@code ttl}; returns the token needed to release it. */
	public Optional<String> tryLock(String key, Duration ttl) {
		return this.guard.call(() -> {
			String token = UUID.randomUUID().toString();
			String reply = this.guard
				.awaitBulk(this.connector.bulk().set(key, token, SetArgs.Builder.nx().px(ttl.toMillis())));
			return "OK".equals(reply) ? Optional.of(token) : Optional.empty();
		});
	}

	public void unlock(String key, String token) {
		this.guard.call(() -> UNLOCK.runBulk(this.guard, this.connector.bulk(), new String[] { key }, token));
	}

	public void renewLock(String key, String token, Duration ttl) {
		this.guard.call(() -> RENEW_LOCK.runBulk(this.guard, this.connector.bulk(), new String[] { key }, token,
				Long.toString(ttl.toMillis())));
	}

	public boolean locked(String key) {
		return this.guard.call(() -> this.guard.awaitBulk(this.connector.bulk().exists(key)) > 0);
	}

	/**
	 * Work done while holding a lock; long work calls {@link Held#renew()} now and then.
	 */
	@FunctionalInterface
	public interface Work {

		long run(Held lock);

	}

	/**
	 * Runs {@code work} holding the lock {@code key}, released afterwards.
	 * @param wait wait (up to five minutes) for another holder to finish; otherwise
	 * return empty at once when someone else holds it
	 * @return what the work returned, or empty when the lock was not taken
	 */
	public Optional<Long> withLock(String key, boolean wait, Work work) {
		Optional<String> token = tryLock(key, LOCK_TTL);
		if (token.isEmpty() && wait) {
			AtomicReference<Optional<String>> taken = new AtomicReference<>(token);
			poll(() -> taken.updateAndGet((none) -> tryLock(key, LOCK_TTL)).isPresent(), LOCK_WAIT);
			token = taken.get();
		}
		if (token.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(work.run(new Held(key, token.get())));
		}
		finally {
			unlock(key, token.get());
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

	/** A held lock, kept alive while a long build runs. */
	public final class Held {

		private final String key;

		private final String token;

		private long renewedAt = System.nanoTime();

		Held(String key, String token) {
			this.key = key;
			this.token = token;
		}

		/** Renews the lock when a third of its time has passed; cheap to call often. */
		public void renew() {
			if (System.nanoTime() - this.renewedAt > LOCK_TTL.toNanos() / 3) {
				renewLock(this.key, this.token, LOCK_TTL);
				this.renewedAt = System.nanoTime();
			}
		}

	}

}
