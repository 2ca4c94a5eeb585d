package app.leaderboard.cache;

import java.util.concurrent.atomic.AtomicReference;

import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.postgres.OutboxStore;

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

	public OutboxMetrics(OutboxStore store, MeterRegistry registry) {
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

	@Scheduled(initialDelay = 0, fixedDelayString = "${leaderboard.metrics-interval:10s}")
	public void refresh() {
		try {
			this.last.set(this.store.outboxBacklog());
		}
		catch (DataAccessException ex) {
			this.last.set(UNKNOWN);
		}
	}

	public OutboxStore.OutboxBacklog last() {
		return this.last.get();
	}

}
