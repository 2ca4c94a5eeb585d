package app.leaderboard.store.redis.connection;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The Redis health probe: {@code /actuator/health} reports DOWN (503) while Redis does
 * not answer, and the gauge, admin status and CLI ask {@link #ping()} the same question.
 */
@Component("redis")
public class RedisHealthIndicator implements HealthIndicator {

	private final RedisMasters masters;

	RedisHealthIndicator(RedisConnector connector, RedisGuard guard) {
		this.masters = new RedisMasters(connector, guard);
	}

	/**
	 * Whether Redis (every master of a cluster) answers a PING within the command
	 * timeout; never throws.
	 */
	public boolean ping() {
		return this.masters.ping();
	}

	@Override
	public Health health() {
		return ping() ? Health.up().build() : Health.down().withDetail("reason", "no answer").build();
	}

}
