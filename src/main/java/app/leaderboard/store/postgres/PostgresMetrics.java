package app.leaderboard.store.postgres;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.LeaderboardProperties;

/**
 * {@code leaderboard.postgres.up}: 1 when PostgreSQL answered the last {@code select 1},
 * 0 when not. Checked on a schedule, so a scrape never waits on a dead database.
 */
@Component
class PostgresMetrics {

	private final PostgresHealthIndicator store;

	private final AtomicInteger up = new AtomicInteger();

	PostgresMetrics(PostgresHealthIndicator store, MeterRegistry registry) {
		this.store = store;
		Gauge.builder("leaderboard.postgres.up", this.up, AtomicInteger::get)
			.description("1 when PostgreSQL answered the last check, 0 when it did not")
			.register(registry);
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "#{@'" + LeaderboardProperties.BEAN + "'.metricsInterval()}")
	void refresh() {
		this.up.set(this.store.answers() ? 1 : 0);
	}

}
