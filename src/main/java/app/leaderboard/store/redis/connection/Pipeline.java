package app.leaderboard.store.redis.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/** Keeps up to {@link #IN_FLIGHT} batches on the wire: fast, with bounded memory. */
public final class Pipeline {

	/** How many batch commands of a rebuild may be in flight. */
	static final int IN_FLIGHT = 8;

	private final RedisGuard guard;

	private final RedisClusterAsyncCommands<String, String> redis;

	private final Duration timeout;

	private final List<Future<?>> inFlight = new ArrayList<>();

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
		this.inFlight.add(reply);
		if (this.inFlight.size() >= IN_FLIGHT) {
			drain();
		}
	}

	public void drain() {
		this.guard.awaitAll(this.inFlight, this.timeout);
		this.inFlight.clear();
	}

}
