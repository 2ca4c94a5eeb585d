package app.leaderboard.store.redis.coordination;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * Tells every service instance that shares this Redis that boards changed, so that each
 * can push them to the event streams open on it (docs/api.md). One plain pub/sub channel,
 * {@code {prefix}board-changes}; a message is the space-separated ids of the boards that
 * changed ({@code daily weekly monthly yearly}). Plain PUBLISH reaches the subscribers on
 * every node of a Redis Cluster too; sharded pub/sub (SPUBLISH and SSUBSCRIBE) would
 * change only the two commands in this class.
 *
 * <p>
 * Best effort in both directions. Publishing never waits and never throws: a message that
 * Redis does not take is handed to this instance's listeners directly, so the pages
 * connected here still move while Redis is down. The subscription is retried every second
 * until Redis answers, and Lettuce subscribes again after a reconnect; messages published
 * meanwhile are lost, so on every (re)subscription the listeners are told "anything may
 * have changed" (an empty list).
 */
public class BoardChannel implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BoardChannel.class);

	private final RedisConnector connector;

	private final String channel;

	private final List<Consumer<List<String>>> listeners = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService subscriber = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "redis-board-channel");
		thread.setDaemon(true);
		return thread;
	});

	private volatile StatefulRedisPubSubConnection<String, String> subscription;

	private volatile boolean closed;

	public BoardChannel(RedisConnector connector, RedisKeys keys) {
		this.connector = connector;
		this.channel = keys.prefix() + "board-changes";
	}

	/** The channel's name (tests publish on it as another instance would). */
	public String name() {
		return this.channel;
	}

	/** Announces changed boards to every instance; never waits, never throws. */
	public void publish(Collection<String> boards) {
		if (boards.isEmpty()) {
			return;
		}
		String message = String.join(" ", boards);
		try {
			this.connector.interactive().publish(this.channel, message).whenComplete((receivers, ex) -> {
				if (ex != null) {
					deliver(message);
				}
			});
		}
		catch (RuntimeException ex) {
			// Redis is not connected: at least the streams on this instance hear of it
			deliver(message);
		}
	}

	/**
	 * Registers a listener for changed board ids (an empty list: any board may have
	 * changed) and starts the subscription. Listeners run on Lettuce's threads: they must
	 * not block.
	 */
	public void listen(Consumer<List<String>> listener) {
		this.listeners.add(listener);
		if (this.listeners.size() == 1) {
			this.subscriber.execute(this::subscribe);
		}
	}

	private void subscribe() {
		if (this.closed) {
			return;
		}
		StatefulRedisPubSubConnection<String, String> connection = null;
		try {
			connection = this.connector.connectPubSub();
			connection.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void message(String channel, String message) {
					deliver(message);
				}

				@Override
				public void subscribed(String channel, long count) {
					// first subscription, or again after a reconnect: messages may be
					// lost
					notifyListeners(List.of());
				}

			});
			connection.async().subscribe(this.channel).get(5, TimeUnit.SECONDS);
			this.subscription = connection;
			if (this.closed) {
				connection.close();
			}
			log.info("Listening for board changes on Redis channel {}", this.channel);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
				return;
			}
			if (connection != null) {
				connection.closeAsync();
			}
			log.debug("Board change subscription not possible yet: {}", ex.getClass().getSimpleName());
			if (!this.closed) {
				this.subscriber.schedule(this::subscribe, 1, TimeUnit.SECONDS);
			}
		}
	}

	private void deliver(String message) {
		log.debug("Boards changed: {}", message);
		notifyListeners(Arrays.stream(message.split(" ")).filter((id) -> !id.isEmpty()).toList());
	}

	private void notifyListeners(List<String> boards) {
		for (Consumer<List<String>> listener : this.listeners) {
			try {
				listener.accept(boards);
			}
			catch (RuntimeException ex) {
				log.warn("A board change listener failed", ex);
			}
		}
	}

	/** True while subscribed and connected. */
	public boolean subscribed() {
		StatefulRedisPubSubConnection<String, String> connection = this.subscription;
		return connection != null && connection.isOpen();
	}

	@Override
	public void close() {
		this.closed = true;
		this.subscriber.shutdownNow();
		StatefulRedisPubSubConnection<String, String> connection = this.subscription;
		if (connection != null) {
			connection.closeAsync().toCompletableFuture().completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
		}
	}

}
