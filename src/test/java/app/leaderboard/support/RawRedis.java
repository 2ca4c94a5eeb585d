package app.leaderboard.support;

import java.util.HashMap;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import app.leaderboard.store.redis.connection.RedisConnector;

/**
 * A plain client of the service's Redis, for what the service never does itself: read a
 * key's time to live, count the commands Redis ran, delete one key.
 */
public final class RawRedis implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	public RawRedis(RedisConnector connector) {
		this.client = RedisClient.create(connector.uri());
		this.connection = this.client.connect();
	}

	public RedisCommands<String, String> commands() {
		return this.connection.sync();
	}

	/** Calls of each command since Redis started (INFO commandstats), by name. */
	public Map<String, Long> commandCalls() {
		Map<String, Long> calls = new HashMap<>();
		for (String line : commands().info("commandstats").split("\r?\n")) {
			if (line.startsWith("cmdstat_")) {
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				String stats = line.substring(line.indexOf(':') + 1);
				for (String field : stats.split(",")) {
					if (field.startsWith("calls=")) {
						calls.put(name, Long.parseLong(field.substring("calls=".length())));
					}
				}
			}
		}
		return calls;
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
