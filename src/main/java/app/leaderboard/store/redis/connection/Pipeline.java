package app.leaderboard.store.redis.connection;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Future;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * Keeps up to {@link #IN_FLIGHT} batches on the wire: fast, with bounded memory. A window
 * that slides (wait for the oldest reply, then send the next batch) rather than one that
 * fills and empties: waiting for all eight replies before sending more left Redis idle
 * for a round trip and the time to produce the next batch, once every eight batches.
 */
public final class Pipeline {

	/** How many batch commands of a rebuild may be in flight. */
	static final int IN_FLIGHT = 8;

	private final RedisGuard guard;

	private final RedisClusterAsyncCommands<String, String> redis;

	private final Duration timeout;

	private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();

	public Pipeline(RedisGuard guard, RedisClusterAsyncCommands<String, String> redis, Duration timeout) {
		this.guard = guard;
		this.redis = redis;
		this.timeout = timeout;
	}

	public RedisClusterAsyncCommands<String, String> redis() {
		return this.redis;
	}

	public Duration timeout() {
		return this.timeout;
	}

	public void send(Future<?> reply) {
		this.inFlight.addLast(reply);
		if (this.inFlight.size() > IN_FLIGHT) {
			this.guard.awaitAll(List.of(this.inFlight.removeFirst()), this.timeout);
		}
	}

	public void drain() {
		this.guard.awaitAll(List.copyOf(this.inFlight), this.timeout);
		this.inFlight.clear();
	}

}
