package app.leaderboard.postgres;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} reports DOWN (503) while PostgreSQL does not answer. It
 * replaces Boot's DataSource indicator, whose validation query waits out the socket
 * timeout on a hung server; this one gives up after the pool's 3 s and the ping's 2 s.
 */
@Component("postgres")
class PostgresHealthIndicator implements HealthIndicator {

	private final ScoreStore store;

	PostgresHealthIndicator(ScoreStore store) {
		this.store = store;
	}

	@Override
	public Health health() {
		return this.store.answers() ? Health.up().build() : Health.down().withDetail("reason", "no answer").build();
	}

}
