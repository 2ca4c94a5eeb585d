package app.leaderboard.store.redis.connection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * What no single node of a Redis Cluster can answer for all: PING, INFO and SCAN ask
 * every master (on a single Redis or behind Sentinel that is the one master). Deleting
 * walks each master's keyspace, and UNLINKs through the routing connection, which splits
 * the keys by slot (one multi-key command across slots would be refused).
 */
public class RedisMasters {

	private final RedisConnector connector;

	private final RedisGuard guard;

	public RedisMasters(RedisConnector connector, RedisGuard guard) {
		this.connector = connector;
		this.guard = guard;
	}

	/** True when every master answers PING. */
	boolean ping() {
		try {
			List<RedisFuture<String>> pongs = new ArrayList<>();
			for (RedisClusterAsyncCommands<String, String> master : this.connector.masters()) {
				pongs.add(master.ping());
			}
			this.guard.awaitAll(pongs);
			return pongs.stream().allMatch((pong) -> "PONG".equals(this.guard.await(pong)));
		}
		catch (RedisUnavailableException ex) {
			return false;
		}
	}

	/** {@code used_memory} summed over the masters, in bytes. */
	public long usedMemory() {
		return memoryField("used_memory").stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * {@code maxmemory} summed over the masters, or 0 when any master has none (no
	 * limit).
	 */
	public long maxMemory() {
		List<Long> limits = memoryField("maxmemory");
		return limits.contains(0L) ? 0 : limits.stream().mapToLong(Long::longValue).sum();
	}

	/** One field of {@code INFO memory}, from each master. */
	private List<Long> memoryField(String name) {
		List<RedisFuture<String>> infos = new ArrayList<>();
		for (RedisClusterAsyncCommands<String, String> master : this.connector.masters()) {
			infos.add(master.info("memory"));
		}
		this.guard.awaitAll(infos);
		String prefix = name + ":";
		List<Long> values = new ArrayList<>();
		for (RedisFuture<String> info : infos) {
			values.add(this.guard.await(info)
				.lines()
				.filter((line) -> line.startsWith(prefix))
				.mapToLong((line) -> Long.parseLong(line.substring(prefix.length()).trim()))
				.findFirst()
				.orElse(0));
		}
		return values;
	}

	/** Counts the keys matching {@code pattern} on every master (SCAN). */
	public long countMatching(String pattern) {
		return scanMasters(pattern, List::size);
	}

	/** Deletes every key matching {@code pattern} on every master; returns how many. */
	public long deleteMatching(String pattern) {
		return scanMasters(pattern, (keys) -> keys.isEmpty() ? 0
				: this.guard.awaitBulk(this.connector.bulk().unlink(keys.toArray(String[]::new))));
	}

	/**
	 * SCANs every master for {@code pattern} in pages of about 1000 keys and sums what
	 * {@code page} makes of each.
	 */
	private long scanMasters(String pattern, ToLongFunction<List<String>> page) {
		ScanArgs match = ScanArgs.Builder.matches(pattern).limit(1000);
		long sum = 0;
		for (RedisClusterAsyncCommands<String, String> master : this.connector.masters()) {
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				KeyScanCursor<String> keys = this.guard.awaitBulk(master.scan(cursor, match));
				sum += page.applyAsLong(keys.getKeys());
				cursor = keys;
			}
			while (!cursor.isFinished());
		}
		return sum;
	}

}
