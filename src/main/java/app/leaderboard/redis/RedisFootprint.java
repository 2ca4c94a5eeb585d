package app.leaderboard.redis;

import java.util.OptionalLong;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;

import org.springframework.stereotype.Component;

/**
 * What the service occupies in Redis, for the gauges (contract 9.3): the server's memory
 * in use and its {@code maxmemory}, from one {@code INFO memory}, and the number of keys
 * under the service's prefix.
 */
@Component
public class RedisFootprint {

	/** Keys asked for per SCAN call: few enough that each call is short for Redis. */
	private static final int SCAN_COUNT = 1000;

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	RedisFootprint(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	/** {@code used_memory}, and {@code maxmemory} when one is set (0 means none). */
	public record Memory(long used, OptionalLong max) {
	}

	public Memory memory() {
		return this.guard.call(() -> {
			String info = this.guard.await(this.connector.interactive().info("memory"));
			long used = field(info, "used_memory");
			long max = field(info, "maxmemory");
			return new Memory(used, (max > 0) ? OptionalLong.of(max) : OptionalLong.empty());
		});
	}

	private static long field(String info, String name) {
		String prefix = name + ":";
		return info.lines()
			.filter((line) -> line.startsWith(prefix))
			.mapToLong((line) -> Long.parseLong(line.substring(prefix.length()).trim()))
			.findFirst()
			.orElse(0);
	}

	/**
	 * Counts the keys under the prefix with SCAN on the maintenance connection. SCAN
	 * walks the whole keyspace of the database (MATCH filters afterwards), so this is run
	 * rarely; see the gauge's schedule.
	 */
	public long countOwnKeys() {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.bulk();
			ScanArgs match = ScanArgs.Builder.matches(this.keys.ownKeysPattern()).limit(SCAN_COUNT);
			ScanCursor cursor = ScanCursor.INITIAL;
			long count = 0;
			do {
				KeyScanCursor<String> page = this.guard.awaitBulk(redis.scan(cursor, match));
				count += page.getKeys().size();
				cursor = page;
			}
			while (!cursor.isFinished());
			return count;
		});
	}

}
