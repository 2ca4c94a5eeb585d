package app.leaderboard.store.redis.connection;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.stereotype.Component;

/**
 * Which masters serve Redis and how much of what each acknowledged its replicas hold
 * ({@code INFO server}, {@code INFO replication} of every master): what tells a failover
 * that may have lost acknowledged writes from a healthy deployment (the failover repair,
 * docs/consistency.md).
 */
@Component
public class RedisReplication {

	private final RedisConnector connector;

	private final RedisGuard guard;

	RedisReplication(RedisConnector connector, RedisGuard guard) {
		this.connector = connector;
		this.guard = guard;
	}

	/**
	 * One master: its identity ({@code run_id}, new after a restart, another server's
	 * after a failover), its replication offset (how much it has written), how many
	 * replicas are online and the least offset they confirmed (its own offset when none
	 * is).
	 */
	public record Master(String runId, long offset, int replicas, long replicated) {
	}

	/**
	 * Every master as it answers now, within the command timeout. Not through the circuit
	 * breaker: a look every second at a Redis that is away must not count against the
	 * work that shares the breaker.
	 * @throws RedisUnavailableException when a master does not answer
	 */
	public List<Master> masters() {
		List<RedisFuture<String>> replies = new ArrayList<>();
		for (RedisClusterAsyncCommands<String, String> master : this.connector.masters()) {
			replies.add(master.info("server"));
			replies.add(master.info("replication"));
		}
		this.guard.awaitAll(replies);
		List<Master> masters = new ArrayList<>();
		for (int i = 0; i < replies.size(); i += 2) {
			masters.add(parse(this.guard.await(replies.get(i)), this.guard.await(replies.get(i + 1))));
		}
		return masters;
	}

	/** Reads a master from its {@code INFO server} and {@code INFO replication}. */
	static Master parse(String server, String replication) {
		String runId = field(server, "run_id");
		String offset = field(replication, "master_repl_offset");
		long own = (offset != null) ? Long.parseLong(offset) : 0;
		int replicas = 0;
		long replicated = own;
		for (String line : replication.lines().toList()) {
			// slave0:ip=10.0.0.2,port=6379,state=online,offset=1234,lag=0
			if (line.startsWith("slave") && line.contains("state=online")) {
				replicas++;
				for (String part : line.substring(line.indexOf(':') + 1).split(",")) {
					if (part.startsWith("offset=")) {
						replicated = Math.min(replicated, Long.parseLong(part.substring("offset=".length()).trim()));
					}
				}
			}
		}
		return new Master((runId != null) ? runId : "", own, replicas, replicated);
	}

	private static @Nullable String field(String info, String name) {
		String prefix = name + ":";
		return info.lines()
			.filter((line) -> line.startsWith(prefix))
			.map((line) -> line.substring(prefix.length()).trim())
			.findFirst()
			.orElse(null);
	}

}
