package app.leaderboard.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import app.leaderboard.store.redis.connection.RedisReplication;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Re-applies the users changed since Redis was last known healthy whenever its topology
 * changes (a cluster master failed over, slots moved, a connection came back, perhaps to
 * a master newly elected by Sentinel, or a look finds other masters than before).
 * Replication is asynchronous: a promoted replica can lack the last writes its master
 * acknowledged, whose outbox rows are already gone, and a failure can go unnoticed for
 * longer than any fixed window. So Redis is looked at every second, and the last moment
 * its replicas held everything it had acknowledged is kept ({@link ConfirmedMoment}); a
 * repair re-applies everything changed since then, with a margin, each user's whole
 * state: on their boards, and off the boards of scopes they left
 * ({@link OutboxApplier#applyUsers}). The writes are absolute and guarded, so repeating
 * them is harmless. Events are coalesced: one repair a second after the last, retried
 * while Redis still fails over; looks wait while one is due.
 */
@Component
class TopologyRepair implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TopologyRepair.class);

	/**
	 * How long before the confirmed moment changes are re-applied too: longer than an
	 * update takes between writing {@code changed_at} and writing Redis, and than a
	 * replica's acknowledgement lags (about a second).
	 */
	static final Duration MARGIN = Duration.ofMinutes(1);

	/** How often Redis is looked at: the confirmed moment trails health by about this. */
	private static final Duration LOOK_EVERY = Duration.ofSeconds(1);

	private static final int ATTEMPTS = 30;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "topology-repair");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final RedisReplication replication;

	private final RebuildSnapshots store;

	private final OutboxApplier applier;

	private final Clock clock;

	private final ConfirmedMoment confirmed;

	TopologyRepair(RedisConnector connector, RedisReplication replication, RebuildSnapshots store,
			OutboxApplier applier, Clock clock) {
		this.replication = replication;
		this.store = store;
		this.applier = applier;
		this.clock = clock;
		this.confirmed = new ConfirmedMoment(clock.instant());
		connector.onTopologyChange(this::changed);
		this.executor.scheduleWithFixedDelay(this::look, LOOK_EVERY.toMillis(), LOOK_EVERY.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/** The last moment Redis was known healthy. */
	Instant confirmed() {
		return this.confirmed.confirmed();
	}

	/**
	 * Looks at the masters (on the repair's thread, so never during a repair): confirms a
	 * healthy moment, or finds a change the client did not report.
	 */
	private void look() {
		if (this.scheduled.get()) {
			return;
		}
		// read before the masters and before the second question: a look that began
		// before a change was reported never confirms a moment after it
		Instant at = this.clock.instant();
		try {
			List<RedisReplication.Master> masters = this.replication.masters();
			if (!this.scheduled.get() && !this.confirmed.looked(at, masters)) {
				changed();
			}
		}
		catch (RuntimeException ex) {
			// not confirmed: the window grows until Redis answers as before
		}
	}

	/** A topology change: the client's event, a look's finding, or a test's call. */
	void changed() {
		if (this.scheduled.compareAndSet(false, true)) {
			this.executor.schedule(() -> repair(ATTEMPTS), 1, TimeUnit.SECONDS);
		}
	}

	private void repair(int attemptsLeft) {
		this.scheduled.set(false);
		Instant started = this.clock.instant();
		try {
			Duration unconfirmed = Duration.between(this.confirmed.confirmed(), started);
			Duration window = (unconfirmed.isNegative() ? Duration.ZERO : unconfirmed).plus(MARGIN);
			var users = this.store.usersChangedSince(this.store.databaseNow().minus(window));
			this.applier.applyUsers(users);
			this.confirmed.restart();
			if (!users.isEmpty()) {
				log.info(
						"Redis topology changed: re-applied {} users changed in the last {} s (Redis was last "
								+ "confirmed healthy {} s ago)",
						users.size(), window.toSeconds(), unconfirmed.toSeconds());
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
