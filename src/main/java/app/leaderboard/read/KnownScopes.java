package app.leaderboard.read;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.ScopeRegistry;

/**
 * Which regions and organisations were ever used (the {@code scopes} table), kept in
 * process: a read naming one that never was answers an empty board without loading
 * anything, so that it leaves no key in Redis (docs/api.md, "Unknown users and unused
 * scopes"). A name not known here may have been used a moment ago, through another
 * instance: the read waits for a reload of the table that starts after it asked, so an
 * update acknowledged before the read is always seen. Reloads run one at a time, at least
 * {@link #RELOAD_SPACING} apart, and each answers every read that waited for it: a flood
 * of made-up names costs PostgreSQL at most one small query per spacing.
 */
@Component
class KnownScopes {

	/** The shortest time between two reloads of the scopes table. */
	static final Duration RELOAD_SPACING = Duration.ofMillis(100);

	/**
	 * The longest a read waits for its turn to reload; past it, a name not known is
	 * answered as unused.
	 */
	static final Duration LONGEST_WAIT = Duration.ofSeconds(1);

	/** How long team listings go on with the known scopes after a reload failed. */
	static final Duration FAILED_PAUSE = Duration.ofSeconds(5);

	private final ScopeRegistry registry;

	/** When a reload for a team listing last failed (System.nanoTime). */
	private volatile long lastFailure = System.nanoTime() - FAILED_PAUSE.toNanos();

	private final ReentrantLock reloading = new ReentrantLock();

	private volatile Set<Scope> known = Set.of();

	/**
	 * When the last successful reload started, and the last one tried (System.nanoTime);
	 * guarded by {@link #reloading}.
	 */
	private long lastReload;

	private long lastAttempt;

	private final Counter reloads;

	KnownScopes(ScopeRegistry registry, MeterRegistry meters) {
		this.registry = registry;
		this.lastReload = System.nanoTime() - RELOAD_SPACING.toNanos();
		this.lastAttempt = this.lastReload;
		this.reloads = Counter.builder("leaderboard.reads.scope.reloads")
			.description("Reloads of the used regions and organisations for reads naming one not known yet")
			.register(meters);
	}

	/**
	 * Whether the scope was ever used; the global one always was. True too when
	 * PostgreSQL cannot be asked: the read then goes its usual way.
	 */
	boolean used(Scope scope) {
		if (scope.global() || this.known.contains(scope)) {
			return true;
		}
		return !reloadedSince(System.nanoTime()) || this.known.contains(scope);
	}

	/**
	 * Every region and organisation used up to now, from a reload that starts after this
	 * call (so a team first named by an update acknowledged before it is listed, whatever
	 * instance took the update), or as known when PostgreSQL cannot be asked: a team
	 * listing then goes on from Redis with what this process knew.
	 */
	Set<Scope> fresh() {
		long asked = System.nanoTime();
		// PostgreSQL just failed to answer: no listing waits on it again for a while
		if (asked - this.lastFailure < FAILED_PAUSE.toNanos()) {
			return this.known;
		}
		if (!reloadedSince(asked)) {
			this.lastFailure = System.nanoTime();
		}
		return this.known;
	}

	/**
	 * Waits for a reload that starts after {@code asked}, or starts one; false when
	 * PostgreSQL could not be asked.
	 */
	private boolean reloadedSince(long asked) {
		try {
			if (!this.reloading.tryLock(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				return true;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
		try {
			if (this.lastReload - asked < 0) {
				reload();
			}
			return true;
		}
		catch (DataAccessException ex) {
			return false;
		}
		finally {
			this.reloading.unlock();
		}
	}

	/** Reloads the table, no sooner than the spacing after the last attempt. */
	private void reload() {
		long wait = this.lastAttempt + RELOAD_SPACING.toNanos() - System.nanoTime();
		if (wait > 0) {
			LockSupport.parkNanos(wait);
		}
		long started = System.nanoTime();
		this.lastAttempt = started;
		this.reloads.increment();
		this.known = Set.copyOf(this.registry.scopes());
		this.lastReload = started;
	}

}
