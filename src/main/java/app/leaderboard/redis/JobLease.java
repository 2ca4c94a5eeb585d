package app.leaderboard.redis;

import java.time.Duration;
import java.util.UUID;

import jakarta.annotation.PreDestroy;

import io.lettuce.core.ScriptOutputType;

import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;

/**
 * Which service instance runs a background job now. Every instance ticks, but only the
 * holder of a job's lease (a Redis key holding the instance's token, set with NX and a
 * time to live, renewed by each tick) does the work, so N instances put the load of one
 * on PostgreSQL. When the holder stops, its lease expires and another instance's next
 * tick takes the job over; a graceful shutdown hands it over at once.
 */
@Component
public class JobLease {

	private static final LuaScript LEASE = LuaScript.load("lease.lua", ScriptOutputType.INTEGER);

	private static final LuaScript UNLOCK = LuaScript.load("unlock.lua", ScriptOutputType.INTEGER);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final String prefix;

	private final String token = UUID.randomUUID().toString();

	public JobLease(RedisConnector connector, RedisGuard guard, LeaderboardProperties properties) {
		this.connector = connector;
		this.guard = guard;
		this.prefix = properties.keyPrefix();
	}

	/**
	 * Takes or renews the lease of {@code job} for {@code ttl}: true when this instance
	 * runs it.
	 * @throws RedisUnavailableException when Redis cannot be asked
	 */
	public boolean hold(String job, Duration ttl) {
		Long held = this.guard.call(() -> LEASE.run(this.guard, this.connector.interactive(), new String[] { key(job) },
				this.token, Long.toString(ttl.toMillis())));
		return held != null && held == 1;
	}

	/** Gives the job up, so that another instance takes it at its next tick. */
	public void release(String job) {
		try {
			this.guard.call(
					() -> UNLOCK.run(this.guard, this.connector.interactive(), new String[] { key(job) }, this.token));
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
		for (String job : new String[] { Jobs.MAINTENANCE, Jobs.DRIFT, Jobs.GAUGES, Jobs.RETENTION }) {
			release(job);
		}
	}

	/** The leased jobs. */
	public static final class Jobs {

		/** Outbox relay, warm-up and the reset follow-up builds. */
		public static final String MAINTENANCE = "maintenance";

		/** The periodic drift check. */
		public static final String DRIFT = "drift";

		/** Gauges that query PostgreSQL (the outbox backlog). */
		public static final String GAUGES = "gauges";

		/** Forgetting old idempotency keys (and later retention jobs). */
		public static final String RETENTION = "retention";

		private Jobs() {
		}

	}

}
