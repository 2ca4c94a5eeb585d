package app.leaderboard.sync;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import app.leaderboard.store.postgres.RebuildSnapshots;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Re-applies the users changed in the last minute whenever Redis's topology changes (a
 * cluster master failed over, slots moved, a connection came back, perhaps to a master
 * newly elected by Sentinel). Replication is asynchronous: a promoted replica can lack
 * the last writes its master acknowledged, whose outbox rows are already gone. The writes
 * are absolute and guarded, so repeating them is harmless. Events are coalesced: one
 * repair a second after the last, retried while Redis still fails over.
 */
@Component
class TopologyRepair implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TopologyRepair.class);

	/** Longer than replication lag and failure detection together. */
	static final Duration WINDOW = Duration.ofMinutes(1);

	private static final int ATTEMPTS = 30;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "topology-repair");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final RebuildSnapshots store;

	private final OutboxApplier applier;

	TopologyRepair(RedisConnector connector, RebuildSnapshots store, OutboxApplier applier) {
		this.store = store;
		this.applier = applier;
		connector.onTopologyChange(this::changed);
	}

	private void changed() {
		if (this.scheduled.compareAndSet(false, true)) {
			this.executor.schedule(() -> repair(ATTEMPTS), 1, TimeUnit.SECONDS);
		}
	}

	private void repair(int attemptsLeft) {
		this.scheduled.set(false);
		try {
			var users = this.store.usersChangedSince(this.store.databaseNow().minus(WINDOW));
			this.applier.applyUsers(users);
			if (!users.isEmpty()) {
				log.info("Redis topology changed: re-applied {} users changed in the last minute", users.size());
			}
		}
		catch (RedisUnavailableException | DataAccessException ex) {
			if (attemptsLeft > 1 && this.scheduled.compareAndSet(false, true)) {
				this.executor.schedule(() -> repair(attemptsLeft - 1), 1, TimeUnit.SECONDS);
			}
		}
		catch (RuntimeException ex) {
			log.warn("Could not re-apply recent users after a Redis topology change", ex);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
