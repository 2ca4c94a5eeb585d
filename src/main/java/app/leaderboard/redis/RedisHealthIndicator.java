package app.leaderboard.redis;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health} reports DOWN (503) while Redis does not answer. */
@Component("redis")
class RedisHealthIndicator implements HealthIndicator {

	private final RedisBoards redis;

	RedisHealthIndicator(RedisBoards redis) {
		this.redis = redis;
	}

	@Override
	public Health health() {
		return this.redis.ping() ? Health.up().build() : Health.down().withDetail("reason", "no answer").build();
	}

}
