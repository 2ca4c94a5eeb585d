package app.leaderboard.operate.cli;

import java.time.Duration;

import org.springframework.dao.DataAccessException;

import app.leaderboard.store.postgres.PostgresHealthIndicator;
import app.leaderboard.store.redis.connection.RedisHealthIndicator;

/**
 * Checks both stores before a command works on them. The service's Redis connection is
 * made in the background and never fails a start (the web service must come up without
 * Redis), so a command has to ask, and give up clearly after a short while.
 */
final class Reachability {

	/** How long Redis may take to answer its first PING: connect plus a few retries. */
	private static final Duration REDIS_WAIT = Duration.ofSeconds(5);

	private Reachability() {
	}

	static void requirePostgres(ServiceContext context) {
		try {
			context.bean(PostgresHealthIndicator.class).ping();
		}
		catch (DataAccessException ex) {
			throw new CliFailure("PostgreSQL at " + context.describePostgres() + " is unreachable", ex);
		}
	}

	static void requireRedis(ServiceContext context) {
		RedisHealthIndicator redis = context.bean(RedisHealthIndicator.class);
		long deadline = System.nanoTime() + REDIS_WAIT.toNanos();
		while (!redis.ping()) {
			if (System.nanoTime() > deadline) {
				throw new CliFailure("Redis at " + context.describeRedis() + " is unreachable");
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CliFailure("interrupted while waiting for Redis", ex);
			}
		}
	}

	static void requireBoth(ServiceContext context) {
		requirePostgres(context);
		requireRedis(context);
	}

}
