package app.leaderboard.store.redis.coordination;

import java.time.Instant;
import java.util.List;

import io.lettuce.core.Range;

import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;

/**
 * Boards due to be built once more after a reset, kept in Redis (a sorted set scored by
 * when each is due) rather than in the memory of the instance that reset them: whichever
 * instance runs the maintenance next builds them, even if that one has stopped. Should
 * Redis lose the set, it lost the boards too, and the warm-up builds those from
 * PostgreSQL anyway.
 */
@Component
public class ResetSchedule {

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final String key;

	public ResetSchedule(RedisConnector connector, RedisGuard guard, LeaderboardProperties properties) {
		this.connector = connector;
		this.guard = guard;
		this.key = properties.keyPrefix() + "jobs:{reset-builds}";
	}

	/** Asks for a build of {@code board} (an opaque name) at {@code due}. */
	public void schedule(String board, Instant due) {
		this.guard.call(() -> this.guard.await(this.connector.interactive().zadd(this.key, due.toEpochMilli(), board)));
	}

	/** Boards whose build is due by {@code now}. */
	public List<String> due(Instant now) {
		return this.guard.call(() -> this.guard.awaitBulk(this.connector.bulk()
			.zrangebyscore(this.key, Range.create(Double.NEGATIVE_INFINITY, (double) now.toEpochMilli()))));
	}

	/**
	 * Forgets a build that was done by {@code doneAt}, unless it was asked for again for
	 * a later moment meanwhile.
	 */
	public void done(String board, Instant doneAt) {
		this.guard.call(() -> {
			Double due = this.guard.awaitBulk(this.connector.bulk().zscore(this.key, board));
			if (due != null && due <= doneAt.toEpochMilli()) {
				this.guard.awaitBulk(this.connector.bulk().zrem(this.key, board));
			}
			return null;
		});
	}

}
