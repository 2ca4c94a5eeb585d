package app.leaderboard.store.redis.connection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.tracing.Tracing;
import reactor.core.Disposable;

import app.leaderboard.config.RedisSettings;

/**
 * The service's Redis connections, the one place that knows whether Redis is a single
 * server, a master behind Sentinel or a Redis Cluster: everything else works with
 * {@link RedisClusterAsyncCommands}, which the plain and the cluster connections share.
 * Set up so that no request waits long on a dead or paused Redis: short command timeouts
 * here, and a client that rejects commands at once while disconnected
 * ({@link DeploymentClient}, which builds the deployment's client). Reads and update
 * writes use the interactive connection; rebuilds and the relay use a second one, so a
 * bulk load never queues in front of a request. When Redis is down at start, the service
 * starts anyway and keeps trying to connect.
 */
public class RedisConnector implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

	private static final RedisCodec<String, byte[]> BINARY = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

	private final RedisSettings.Deployment deployment;

	private final DeploymentClient client;

	private final Duration timeout;

	private final Duration bulkTimeout;

	private final String description;

	private final List<Disposable> subscriptions = new ArrayList<>();

	private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "redis-connect");
		thread.setDaemon(true);
		return thread;
	});

	private volatile StatefulConnection<String, String> interactive;

	private volatile StatefulConnection<String, String> bulk;

	private volatile StatefulConnection<String, byte[]> binary;

	private volatile boolean closed;

	public RedisConnector(RedisSettings settings, Duration timeout) {
		this(settings, timeout, Tracing.disabled());
	}

	/**
	 * The connections, with a span per Redis command while traces are on.
	 * @param tracing Lettuce's tracing, or {@link Tracing#disabled()}
	 */
	public RedisConnector(RedisSettings settings, Duration timeout, Tracing tracing) {
		this.deployment = settings.deployment();
		this.timeout = timeout;
		this.bulkTimeout = bulkTimeoutFor(timeout);
		this.description = settings.describe();
		this.client = new DeploymentClient(settings, timeout, tracing);
		this.reconnector.execute(this::connect);
	}

	private void connect() {
		if (this.closed) {
			return;
		}
		try {
			if (this.interactive == null) {
				this.interactive = open(StringCodec.UTF8);
			}
			if (this.bulk == null) {
				StatefulConnection<String, String> connection = open(StringCodec.UTF8);
				connection.setTimeout(this.bulkTimeout);
				this.bulk = connection;
			}
			if (this.binary == null) {
				this.binary = open(BINARY);
			}
			log.info("Connected to Redis ({})", this.description);
		}
		catch (RuntimeException ex) {
			log.warn("Redis ({}) is not reachable yet: {}; retrying", this.description, ex.getClass().getSimpleName());
			this.reconnector.schedule(this::connect, 1, TimeUnit.SECONDS);
		}
	}

	private <V> StatefulConnection<String, V> open(RedisCodec<String, V> codec) {
		return this.client.connect(codec);
	}

	public RedisSettings.Deployment deployment() {
		return this.deployment;
	}

	public RedisClusterAsyncCommands<String, String> interactive() {
		return commands(this.interactive);
	}

	public RedisClusterAsyncCommands<String, String> bulk() {
		return commands(this.bulk);
	}

	private static <V> RedisClusterAsyncCommands<String, V> commands(StatefulConnection<String, V> connection) {
		if (connection == null || !connection.isOpen()) {
			throw new RedisUnavailableException("Redis is not connected", null);
		}
		if (connection instanceof StatefulRedisClusterConnection<String, V> cluster) {
			return cluster.async();
		}
		return ((StatefulRedisConnection<String, V>) connection).async();
	}

	/**
	 * One command interface per master: the interactive connection itself on a single
	 * Redis or behind Sentinel, a connection to each upstream node of a cluster, for what
	 * one node cannot answer for all (PING, INFO).
	 * @throws RedisUnavailableException while not connected
	 */
	public List<RedisClusterAsyncCommands<String, String>> masters() {
		StatefulConnection<String, String> connection = this.interactive;
		if (!(connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
			return List.of(interactive());
		}
		commands(connection);
		List<RedisClusterAsyncCommands<String, String>> masters = new ArrayList<>();
		try {
			for (RedisClusterNode node : cluster.getPartitions()) {
				if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
					masters.add(cluster.getConnection(node.getNodeId()).async());
				}
			}
		}
		catch (RuntimeException ex) {
			throw new RedisUnavailableException("A Redis Cluster master is not reachable", ex);
		}
		return masters;
	}

	/**
	 * A request-timeout connection with byte[] values, for a library that stores its own
	 * encoding (bucket4j's rate-limit buckets); same servers, AUTH, database and TLS. A
	 * {@link StatefulRedisClusterConnection} on a cluster, a
	 * {@link StatefulRedisConnection} otherwise.
	 * @throws RedisUnavailableException while it is not connected
	 */
	public StatefulConnection<String, byte[]> binary() {
		StatefulConnection<String, byte[]> connection = this.binary;
		if (connection == null || !connection.isOpen()) {
			throw new RedisUnavailableException("Redis is not connected", null);
		}
		return connection;
	}

	/**
	 * A new pub/sub connection (same servers, AUTH, database and TLS), for
	 * {@link BoardChannel}. Lettuce subscribes it again by itself after a reconnect. On a
	 * cluster it is a cluster pub/sub connection: a PUBLISH reaches the subscribers on
	 * every node.
	 */
	public StatefulRedisPubSubConnection<String, String> connectPubSub() {
		return this.client.connectPubSub();
	}

	public boolean connected() {
		StatefulConnection<String, String> connection = this.interactive;
		return connection != null && connection.isOpen();
	}

	/**
	 * Calls {@code listener} (on a Lettuce thread: hand work off) whenever the topology
	 * may have changed: a cluster's slots moved or a master failed over, or a connection
	 * was (re)established, possibly to a newly elected master behind Sentinel.
	 */
	public void onTopologyChange(Runnable listener) {
		// a cluster's topology refresh opens connections of its own every few seconds:
		// there only a changed topology counts
		boolean cluster = this.deployment == RedisSettings.Deployment.CLUSTER;
		this.subscriptions.add(this.client.events()
			.get()
			.filter((event) -> cluster ? event instanceof ClusterTopologyChangedEvent
					: event instanceof ConnectionActivatedEvent)
			.subscribe((event) -> listener.run()));
	}

	/** Where Redis is (with its credentials: never log it). */
	public RedisURI uri() {
		return this.client.uri();
	}

	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * The maintenance connection's timeout: a 1,000-member batch may queue behind others.
	 */
	public Duration bulkTimeout() {
		return this.bulkTimeout;
	}

	static Duration bulkTimeoutFor(Duration timeout) {
		Duration tenfold = timeout.multipliedBy(10);
		return (tenfold.compareTo(Duration.ofSeconds(5)) > 0) ? tenfold : Duration.ofSeconds(5);
	}

	@Override
	public void close() {
		this.closed = true;
		this.reconnector.shutdownNow();
		this.subscriptions.forEach(Disposable::dispose);
		for (StatefulConnection<?, ?> connection : new StatefulConnection<?, ?>[] { this.interactive, this.bulk,
				this.binary }) {
			if (connection != null) {
				connection.close();
			}
		}
		this.client.shutdown();
	}

}
