package app.leaderboard.store.redis.coordination;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.annotation.PreDestroy;

import io.lettuce.core.ScriptOutputType;

import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Which service instance runs a background job now: the one lease mechanism of the
 * service. Every instance ticks, but only the holder of a job's lease (a Redis key
 * {@code lease:{job}} holding the instance's token, taken with NX and a time to live,
 * renewed by each of the holder's ticks: lease.lua) does the work, so N instances put the
 * load of one on PostgreSQL. Leases go over the maintenance connection, with its longer
 * timeout: no request waits on them, and a lease call that gave up after the request
 * timeout while a rebuild keeps Redis busy would count against the circuit breaker that
 * requests share ({@link RedisGuard}). When the holder stops, its lease expires and
 * another instance's next tick takes the job over; a graceful shutdown hands it over at
 * once. A one-off run (one firing of {@code LEADERBOARD_SYNC_CRON}) takes a lease of its
 * own that is left to expire, so that an instance that fires late finds it taken. A job
 * that runs longer than its lease's time to live ({@link #runHeld}, the start-up compare)
 * has it renewed in the background while it runs ({@link LockWatchdog}).
 */
@Component
public class JobLease {

	private static final LuaScript LEASE = LuaScript.load("lease.lua", ScriptOutputType.INTEGER);

	private static final LuaScript UNLOCK = LuaScript.load("unlock.lua", ScriptOutputType.INTEGER);

	private static final LuaScript RENEW = LuaScript.load("renew_lock.lua", ScriptOutputType.INTEGER);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final String prefix;

	private final LockWatchdog watchdog;

	private final String token = UUID.randomUUID().toString();

	/** Jobs this instance took a lease of, handed over at shutdown. */
	private final Set<String> held = ConcurrentHashMap.newKeySet();

	public JobLease(RedisConnector connector, RedisGuard guard, LeaderboardProperties properties,
			LockWatchdog watchdog) {
		this.connector = connector;
		this.guard = guard;
		this.prefix = properties.keyPrefix();
		this.watchdog = watchdog;
	}

	/**
	 * Takes or renews the lease of {@code job} for {@code ttl}: true when this instance
	 * runs it.
	 * @throws RedisUnavailableException when Redis cannot be asked
	 */
	public boolean hold(String job, Duration ttl) {
		boolean holds = take(job, ttl);
		if (holds) {
			this.held.add(job);
		}
		return holds;
	}

	/**
	 * Takes the lease of one run of a job (a firing) for {@code ttl}, never released:
	 * true for the first instance that asks, false for every other until it expires.
	 * @throws RedisUnavailableException when Redis cannot be asked
	 */
	public boolean once(String run, Duration ttl) {
		return take(run, ttl);
	}

	/**
	 * Whether a run marked with {@link #once} is still marked: a job done recently by any
	 * instance, within the time it was marked for.
	 * @throws RedisUnavailableException when Redis cannot be asked
	 */
	public boolean marked(String run) {
		Long exists = this.guard.call(() -> this.guard.awaitBulk(this.connector.bulk().exists(key(run))));
		return exists != null && exists > 0;
	}

	/**
	 * Runs {@code work} holding the lease of {@code job} for as long as it runs: taken
	 * for {@code ttl}, renewed every third of it in the background and released
	 * afterwards, so that a long run keeps its lease while one whose instance dies loses
	 * it within {@code ttl}. When a renewal finds another instance holding it (this one
	 * stalled past {@code ttl}), the work stops at its next {@link Held#ensureHeld()}.
	 * @return whether the work ran to its end here: false when another instance holds the
	 * lease, or took it over while the work ran
	 * @throws RedisUnavailableException when Redis cannot be asked
	 */
	public boolean runHeld(String job, Duration ttl, Consumer<Held> work) {
		if (!hold(job, ttl)) {
			return false;
		}
		Held lease = this.watchdog.watch("the lease of " + job, ttl, () -> renew(job, ttl));
		try {
			work.accept(lease);
			return true;
		}
		catch (LockLostException ex) {
			if (ex.held() != lease) {
				throw ex;
			}
			return false;
		}
		finally {
			lease.stop();
			release(job);
		}
	}

	/** Extends the lease only while this instance holds it (renew_lock.lua). */
	private boolean renew(String job, Duration ttl) {
		Long renewed = this.guard.call(() -> RENEW.runBulk(this.guard, this.connector.bulk(), new String[] { key(job) },
				this.token, Long.toString(ttl.toMillis())));
		return renewed != null && renewed == 1;
	}

	private boolean take(String job, Duration ttl) {
		Long taken = this.guard.call(() -> LEASE.runBulk(this.guard, this.connector.bulk(), new String[] { key(job) },
				this.token, Long.toString(ttl.toMillis())));
		return taken != null && taken == 1;
	}

	/** Gives the job up, so that another instance takes it at its next tick. */
	public void release(String job) {
		this.held.remove(job);
		try {
			this.guard
				.call(() -> UNLOCK.runBulk(this.guard, this.connector.bulk(), new String[] { key(job) }, this.token));
		}
		catch (RedisUnavailableException ex) {
			// it expires by itself
		}
	}

	String key(String job) {
		return this.prefix + "lease:{" + job + "}";
	}

	@PreDestroy
	void releaseAll() {
		for (String job : Set.copyOf(this.held)) {
			release(job);
		}
	}

	/** The leased jobs. */
	public static final class Jobs {

		/** Outbox relay, warm-up of the current boards and the reset follow-up builds. */
		public static final String MAINTENANCE = "maintenance";

		/** Warm-up of the boards that just ended (yesterday's, last week's...). */
		public static final String PREVIOUS_BOARDS = "previous-boards";

		/** The full compare once the service has started. */
		public static final String STARTUP_REPAIR = "startup-repair";

		/**
		 * Marks a completed start-up compare for one drift interval: instances that start
		 * within it (the rest of a rolling deploy) skip theirs.
		 */
		public static final String STARTUP_REPAIR_DONE = "startup-repair-done";

		/** The periodic drift check and its repairs. */
		public static final String DRIFT = "drift";

		/**
		 * One run of the league check, marked for most of a drift interval: whichever
		 * instance comes first runs it, so it goes on while any instance lives.
		 */
		public static final String LEAGUE_CHECK = "league-check";

		/** Gauges that query PostgreSQL (the outbox backlog). */
		public static final String GAUGES = "gauges";

		/** Forgetting old idempotency keys. */
		public static final String IDEMPOTENCY_RETENTION = "idempotency-retention";

		/** Deleting daily totals past {@code LEADERBOARD_DAILY_RETENTION_DAYS}. */
		public static final String DAILY_RETENTION = "daily-retention";

		/** One firing of {@code LEADERBOARD_SYNC_CRON}, named by its scheduled time. */
		public static String syncFiring(long epochSecond) {
			return "sync:" + epochSecond;
		}

		private Jobs() {
		}

	}

}
