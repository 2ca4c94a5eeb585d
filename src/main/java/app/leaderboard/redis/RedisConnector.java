package app.leaderboard.redis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import app.leaderboard.config.RedisSettings;

/**
 * The service's Redis connections, set up so that no request waits long on a dead or
 * paused Redis: short connect and command timeouts, a bounded request queue, and commands
 * rejected at once while disconnected (Lettuce's defaults would queue them without
 * bound). Reads and update writes use the interactive connection; rebuilds and the relay
 * use a second one, so a bulk load never queues in front of a request. When Redis is down
 * at start, the service starts anyway and keeps trying to connect.
 */
public class RedisConnector implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisConnector.class);

	private final RedisClient client;

	private final Duration timeout;

	private final Duration bulkTimeout;

	private final String description;

	private final RedisURI uri;

	private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "redis-connect");
		thread.setDaemon(true);
		return thread;
	});

	private volatile StatefulRedisConnection<String, String> interactive;

	private volatile StatefulRedisConnection<String, String> bulk;

	private volatile StatefulRedisConnection<String, byte[]> binary;

	private volatile boolean closed;

	public RedisConnector(RedisSettings settings, Duration timeout) {
		this.timeout = timeout;
		this.bulkTimeout = bulkTimeoutFor(timeout);
		this.description = settings.describe();
		RedisURI.Builder uri = RedisURI.builder()
			.withHost(settings.host())
			.withPort(settings.port())
			.withDatabase(settings.database())
			.withSsl(settings.tls())
			.withTimeout(timeout);
		if (settings.username() != null && settings.password() != null) {
			uri.withAuthentication(settings.username(), settings.password().toCharArray());
		}
		else if (settings.password() != null) {
			uri.withPassword(settings.password().toCharArray());
		}
		this.uri = uri.build();
		this.client = RedisClient.create(this.uri);
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.requestQueueSize(10_000)
			.socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
			// each connection's own timeout: short for requests, longer for bulk work
			.timeoutOptions(TimeoutOptions.enabled())
			.build());
		this.reconnector.execute(this::connect);
	}

	private void connect() {
		if (this.closed) {
			return;
		}
		try {
			if (this.interactive == null) {
				this.interactive = this.client.connect();
			}
			if (this.bulk == null) {
				StatefulRedisConnection<String, String> connection = this.client.connect();
				connection.setTimeout(this.bulkTimeout);
				this.bulk = connection;
			}
			if (this.binary == null) {
				this.binary = this.client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
			}
			log.info("Connected to Redis ({})", this.description);
		}
		catch (RuntimeException ex) {
			log.warn("Redis ({}) is not reachable yet: {}; retrying", this.description, ex.getClass().getSimpleName());
			this.reconnector.schedule(this::connect, 1, TimeUnit.SECONDS);
		}
	}

	RedisAsyncCommands<String, String> interactive() {
		return commands(this.interactive);
	}

	RedisAsyncCommands<String, String> bulk() {
		return commands(this.bulk);
	}

	private RedisAsyncCommands<String, String> commands(StatefulRedisConnection<String, String> connection) {
		if (connection == null || !connection.isOpen()) {
			throw new RedisUnavailableException("Redis is not connected", null);
		}
		return connection.async();
	}

	/**
	 * A request-timeout connection with byte[] values, for a library that stores its own
	 * encoding (bucket4j's rate-limit buckets); same host, AUTH, database and TLS.
	 * @throws RedisUnavailableException while it is not connected
	 */
	public StatefulRedisConnection<String, byte[]> binary() {
		StatefulRedisConnection<String, byte[]> connection = this.binary;
		if (connection == null || !connection.isOpen()) {
			throw new RedisUnavailableException("Redis is not connected", null);
		}
		return connection;
	}

	/**
	 * A new pub/sub connection (same host, AUTH, database and TLS), for
	 * {@link BoardChannel}. Lettuce subscribes it again by itself after a reconnect.
	 */
	StatefulRedisPubSubConnection<String, String> connectPubSub() {
		return this.client.connectPubSub();
	}

	public boolean connected() {
		StatefulRedisConnection<String, String> connection = this.interactive;
		return connection != null && connection.isOpen();
	}

	/** Where Redis is (with its credentials: never log it). */
	public RedisURI uri() {
		return this.uri;
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
		if (this.interactive != null) {
			this.interactive.close();
		}
		if (this.bulk != null) {
			this.bulk.close();
		}
		if (this.binary != null) {
			this.binary.close();
		}
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
