package app.leaderboard.store.redis.connection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.tracing.Tracing;

import app.leaderboard.config.RedisSettings;

/**
 * The Lettuce client of {@link RedisConnector} for the configured deployment: a cluster
 * client on the seed nodes of a Redis Cluster, a plain client on a single server or on
 * the master that Sentinel names. Short connect timeouts, a bounded request queue and
 * commands rejected at once while disconnected (Lettuce's defaults would queue them
 * without bound); reconnects at least every second. A cluster refreshes its topology on
 * every MOVED/ASK or lost connection (within a second) and every 5 seconds, so a failover
 * is followed in a few seconds: without that, a killed master's slots did not come back
 * within 45 s.
 */
final class DeploymentClient {

	private final ClientResources resources;

	private final AbstractRedisClient client;

	private final RedisURI uri;

	DeploymentClient(RedisSettings settings, Duration timeout, Tracing tracing) {
		this.resources = DefaultClientResources.builder()
			.reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
			.tracing(tracing)
			.build();
		SocketOptionsAndTimeouts options = new SocketOptionsAndTimeouts(timeout);
		if (settings.deployment() == RedisSettings.Deployment.CLUSTER) {
			List<RedisURI> seeds = settings.clusterNodes()
				.stream()
				.map((node) -> RedisUris.node(node, settings, timeout))
				.toList();
			this.uri = seeds.get(0);
			RedisClusterClient cluster = RedisClusterClient.create(this.resources, seeds);
			cluster.setOptions(options.cluster(ClusterTopologyRefreshOptions.builder()
				.enableAllAdaptiveRefreshTriggers()
				.adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
				.enablePeriodicRefresh(Duration.ofSeconds(5))
				.build()));
			this.client = cluster;
		}
		else {
			this.uri = (settings.deployment() == RedisSettings.Deployment.SENTINEL)
					? RedisUris.sentinel(settings, timeout) : RedisUris.single(settings, timeout);
			RedisClient single = RedisClient.create(this.resources, this.uri);
			single.setOptions(options.single());
			this.client = single;
		}
	}

	/** Where Redis is (with its credentials: never log it). */
	RedisURI uri() {
		return this.uri;
	}

	/**
	 * A new connection: a cluster connection on a cluster, a plain one otherwise.
	 */
	<V> StatefulConnection<String, V> connect(RedisCodec<String, V> codec) {
		if (this.client instanceof RedisClusterClient cluster) {
			return cluster.connect(codec);
		}
		return ((RedisClient) this.client).connect(codec);
	}

	StatefulRedisPubSubConnection<String, String> connectPubSub() {
		if (this.client instanceof RedisClusterClient cluster) {
			return cluster.connectPubSub();
		}
		return ((RedisClient) this.client).connectPubSub();
	}

	/** Connection and topology events of the client. */
	EventBus events() {
		return this.resources.eventBus();
	}

	void shutdown() {
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.resources.shutdown(0, 2, TimeUnit.SECONDS);
	}

	/** The client options shared by the three deployments. */
	private record SocketOptionsAndTimeouts(Duration timeout) {

		ClientOptions single() {
			return ClientOptions.builder()
				.autoReconnect(true)
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.requestQueueSize(10_000)
				.socketOptions(SocketOptions.builder().connectTimeout(this.timeout).keepAlive(true).build())
				// each connection's own timeout: short for requests, longer for bulk work
				.timeoutOptions(TimeoutOptions.enabled())
				.build();
		}

		ClusterClientOptions cluster(ClusterTopologyRefreshOptions refresh) {
			return ClusterClientOptions.builder(single()).topologyRefreshOptions(refresh).build();
		}

	}

}
