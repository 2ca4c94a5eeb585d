package app.leaderboard.store.redis.board;

import java.util.OptionalLong;

import org.springframework.stereotype.Component;

import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.connection.RedisMasters;

/**
 * What the service occupies in Redis, for the gauges (docs/operations.md): the server's
 * memory in use and its {@code maxmemory}, from {@code INFO memory} (summed over a
 * cluster's masters), and the number of keys under the service's prefix.
 */
@Component
public class RedisFootprint {

	private final RedisMasters masters;

	private final RedisGuard guard;

	private final RedisKeys keys;

	RedisFootprint(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.masters = new RedisMasters(connector, guard);
		this.guard = guard;
		this.keys = keys;
	}

	/** {@code used_memory}, and {@code maxmemory} when one is set (0 means none). */
	public record Memory(long used, OptionalLong max) {
	}

	public Memory memory() {
		return this.guard.call(() -> {
			long max = this.masters.maxMemory();
			return new Memory(this.masters.usedMemory(), (max > 0) ? OptionalLong.of(max) : OptionalLong.empty());
		});
	}

	/**
	 * Counts the keys under the prefix with SCAN on every master. SCAN walks the whole
	 * keyspace (MATCH filters afterwards), so this is run rarely; see the gauge's
	 * schedule.
	 */
	public long countOwnKeys() {
		return this.guard.call(() -> this.masters.countMatching(this.keys.ownKeysPattern()));
	}

}
