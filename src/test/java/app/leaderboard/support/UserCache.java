package app.leaderboard.support;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import io.lettuce.core.api.sync.RedisCommands;

import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The user cache as another client reads it: every bucket's hash merged into one map,
 * with the loaded marker {@code #} only when every bucket carries it.
 */
public final class UserCache {

	private UserCache() {
	}

	public static Map<String, String> read(RedisCommands<String, String> redis, String prefix) {
		return read(redis::hgetall, prefix);
	}

	/** The same through any client: {@code hgetall} reads one hash. */
	public static Map<String, String> read(Function<String, Map<String, String>> hgetall, String prefix) {
		RedisKeys keys = new RedisKeys(prefix);
		Map<String, String> users = new HashMap<>();
		int marked = 0;
		for (int bucket = 0; bucket < RedisKeys.USER_BUCKETS; bucket++) {
			Map<String, String> hash = new HashMap<>(hgetall.apply(keys.usersBucket(bucket)));
			if (hash.remove("#") != null) {
				marked++;
			}
			users.putAll(hash);
		}
		if (marked == RedisKeys.USER_BUCKETS) {
			users.put("#", "loaded");
		}
		return users;
	}

}
