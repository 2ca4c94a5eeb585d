package app.leaderboard.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

/**
 * A master, one replica and three Sentinels on loopback ports: kill the master and the
 * Sentinels promote the replica within a few seconds.
 */
public final class RedisSentinelFixture extends Fixture {

	public static final String MASTER = "lbmaster";

	private final Path directory;

	private final List<RedisNode> data = new ArrayList<>();

	private final List<RedisNode> sentinels = new ArrayList<>();

	private RedisSentinelFixture(Path directory) {
		this.directory = directory;
	}

	public static RedisSentinelFixture start(Path directory) {
		return start(new RedisSentinelFixture(directory));
	}

	@Override
	protected void startProcesses() {
		RedisNode master = this.processes.start(() -> RedisNode.start(this.directory.resolve("master"), null));
		this.data.add(master);
		this.data.add(this.processes.start(() -> RedisNode.start(this.directory.resolve("replica"), null, "--replicaof",
				"127.0.0.1", Integer.toString(master.port()), "--repl-diskless-sync", "yes",
				"--repl-diskless-sync-delay", "0")));
		String config = "sentinel monitor " + MASTER + " 127.0.0.1 " + master.port() + " 2\n"
				+ "sentinel down-after-milliseconds " + MASTER + " 1000\n" + "sentinel failover-timeout " + MASTER
				+ " 3000\n" + "sentinel parallel-syncs " + MASTER + " 1\n";
		for (int i = 0; i < 3; i++) {
			Path sentinel = this.directory.resolve("sentinel-" + i);
			this.sentinels.add(this.processes.start(() -> RedisNode.start(sentinel, config, "--sentinel")));
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> replica().call((redis) -> redis.info("replication")).contains("master_link_status:up")
					&& this.sentinels.stream()
						.allMatch((s) -> s.call((redis) -> redis.info("sentinel")).contains("slaves=1,sentinels=3")));
	}

	public RedisNode master() {
		return this.data.get(0);
	}

	public RedisNode replica() {
		return this.data.get(1);
	}

	/** Comma-separated Sentinels, as REDIS_SENTINEL_NODES takes them. */
	public String sentinels() {
		return this.sentinels.stream().map(RedisNode::address).collect(Collectors.joining(","));
	}

	/** The settings that point the service at this deployment's Sentinels. */
	public Map<String, String> properties() {
		return Map.of("leaderboard.redis.sentinel-master", MASTER, "leaderboard.redis.sentinel-nodes", sentinels());
	}

	/** Waits until the Sentinels name the replica as the master. */
	public void awaitReplicaPromoted(Duration within) {
		Awaitility.await()
			.atMost(within)
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> this.replica().call((redis) -> redis.info("replication")).contains("role:master"));
	}

}
