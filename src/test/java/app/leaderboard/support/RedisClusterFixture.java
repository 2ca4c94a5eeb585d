package app.leaderboard.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;

import io.lettuce.core.cluster.SlotHash;

/**
 * A Redis Cluster of three masters and three replicas on loopback ports, formed the way
 * an operator would without redis-cli: CLUSTER MEET, ADDSLOTS, REPLICATE. A short node
 * timeout makes a killed master's replica take over in a few seconds.
 */
public final class RedisClusterFixture extends Fixture {

	private final Path directory;

	private final List<RedisNode> nodes = new ArrayList<>();

	private RedisClusterFixture(Path directory) {
		this.directory = directory;
	}

	public static RedisClusterFixture start(Path directory) {
		return start(new RedisClusterFixture(directory));
	}

	@Override
	protected void startProcesses() {
		for (int i = 0; i < 6; i++) {
			Path node = this.directory.resolve("node-" + i);
			this.nodes.add(this.processes.start(() -> RedisNode.start(node, null, "--cluster-enabled", "yes",
					"--cluster-node-timeout", "1000", "--cluster-config-file", "nodes.conf", "--repl-diskless-sync",
					"yes", "--repl-diskless-sync-delay", "0")));
		}
		form();
	}

	private void form() {
		RedisNode first = this.nodes.get(0);
		for (RedisNode node : this.nodes.subList(1, 6)) {
			first.call((redis) -> redis.clusterMeet("127.0.0.1", node.port()));
		}
		int[][] ranges = { { 0, 5460 }, { 5461, 10922 }, { 10923, 16383 } };
		for (int i = 0; i < 3; i++) {
			int[] slots = IntStream.rangeClosed(ranges[i][0], ranges[i][1]).toArray();
			this.nodes.get(i).call((redis) -> redis.clusterAddSlots(slots));
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.nodes.stream()
				.allMatch((node) -> node.call((redis) -> redis.clusterNodes()).lines().count() == 6));
		for (int i = 0; i < 3; i++) {
			String master = this.nodes.get(i).call((redis) -> redis.clusterMyId());
			this.nodes.get(i + 3).call((redis) -> redis.clusterReplicate(master));
		}
		awaitHealthy();
	}

	/**
	 * Waits until every live node reports {@code cluster_state:ok} and every master has a
	 * replica in sync.
	 */
	public void awaitHealthy() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> live().stream()
				.allMatch((node) -> node.call((redis) -> redis.clusterInfo()).contains("cluster_state:ok"))
					&& live().stream()
						.filter((node) -> node.call((redis) -> redis.info("replication")).contains("role:slave"))
						.allMatch((node) -> node.call((redis) -> redis.info("replication"))
							.contains("master_link_status:up")));
	}

	private List<RedisNode> live() {
		return this.nodes.stream().filter(RedisNode::alive).toList();
	}

	/** Comma-separated seeds, as REDIS_CLUSTER_NODES takes them. */
	public String seeds() {
		return this.nodes.stream().map(RedisNode::address).collect(Collectors.joining(","));
	}

	/** The settings that point the service at this cluster. */
	public Map<String, String> properties() {
		return Map.of("leaderboard.redis.cluster-nodes", seeds());
	}

	public List<RedisNode> nodes() {
		return this.nodes;
	}

	/** The live master that serves {@code key}'s slot. */
	public RedisNode masterOf(String key) {
		int slot = SlotHash.getSlot(key);
		for (RedisNode node : live()) {
			String nodes = node.call((redis) -> redis.clusterNodes());
			for (String line : nodes.lines().toList()) {
				String[] fields = line.split(" ");
				if (fields[2].contains("master") && !fields[2].contains("fail") && serves(fields, slot)) {
					int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1).split("@")[0]);
					return this.nodes.stream().filter((n) -> n.port() == port).findFirst().orElseThrow();
				}
			}
		}
		throw new IllegalStateException("No live master serves slot " + slot);
	}

	private static boolean serves(String[] fields, int slot) {
		for (int i = 8; i < fields.length; i++) {
			String[] range = fields[i].split("-");
			if (range[0].startsWith("[")) {
				continue;
			}
			int from = Integer.parseInt(range[0]);
			int to = (range.length > 1) ? Integer.parseInt(range[1]) : from;
			if (slot >= from && slot <= to) {
				return true;
			}
		}
		return false;
	}

}
