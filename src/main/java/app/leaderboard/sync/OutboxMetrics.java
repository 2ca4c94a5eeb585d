package app.leaderboard.sync;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.store.postgres.OutboxStore;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.JobLease;
import app.leaderboard.store.redis.coordination.SharedValues;

/**
 * The outbox as gauges: rows waiting for the relay and the age of the oldest. They show
 * the last values measured on a schedule, so a Prometheus scrape never queries
 * PostgreSQL; both are -1 while PostgreSQL cannot be asked.
 */
@Component
public class OutboxMetrics {

	private static final OutboxStore.OutboxBacklog UNKNOWN = new OutboxStore.OutboxBacklog(-1, -1);

	private final OutboxStore store;

	private final AtomicReference<OutboxStore.OutboxBacklog> last = new AtomicReference<>(UNKNOWN);

	private static final String SHARED = "outbox-backlog";

	private final Duration sharedTtl;

	private final JobLease lease;

	private final SharedValues shared;

	public OutboxMetrics(OutboxStore store, MeterRegistry registry, JobLease lease, SharedValues shared,
			LeaderboardProperties properties) {
		// the holder measures every interval; a value outlives a few missed ones
		Duration threeIntervals = properties.metricsInterval().multipliedBy(3);
		this.sharedTtl = (threeIntervals.compareTo(Duration.ofSeconds(30)) > 0) ? threeIntervals
				: Duration.ofSeconds(30);
		this.lease = lease;
		this.shared = shared;
		this.store = store;
		Gauge.builder("leaderboard.outbox.backlog", this.last, (backlog) -> backlog.get().rows())
			.description("Updates committed in PostgreSQL whose Redis write is still pending (outbox rows)")
			.baseUnit("rows")
			.register(registry);
		Gauge.builder("leaderboard.outbox.oldest.age", this.last, (backlog) -> backlog.get().oldestSeconds())
			.description("Age of the oldest outbox row; grows while Redis is down")
			.baseUnit("seconds")
			.register(registry);
	}

	/**
	 * Measures (the instance holding the gauges' lease, or each one while Redis is down)
	 * or reads what the holder measured.
	 */
	@Scheduled(initialDelay = 0, fixedDelayString = "#{@'" + LeaderboardProperties.BEAN + "'.metricsInterval()}")
	public void refresh() {
		try {
			if (this.lease.hold(JobLease.Jobs.GAUGES, this.sharedTtl)) {
				OutboxStore.OutboxBacklog backlog = measure();
				this.shared.publish(SHARED, backlog.rows() + " " + backlog.oldestSeconds(), this.sharedTtl);
				this.last.set(backlog);
			}
			else {
				this.last.set(this.shared.read(SHARED).map((value) -> {
					String[] parts = value.split(" ");
					return new OutboxStore.OutboxBacklog(Long.parseLong(parts[0]), Double.parseDouble(parts[1]));
				}).orElse(UNKNOWN));
			}
		}
		catch (RedisUnavailableException ex) {
			this.last.set(measure());
		}
	}

	private OutboxStore.OutboxBacklog measure() {
		try {
			return this.store.outboxBacklog();
		}
		catch (DataAccessException ex) {
			return UNKNOWN;
		}
	}

	public OutboxStore.OutboxBacklog last() {
		return this.last.get();
	}

}
