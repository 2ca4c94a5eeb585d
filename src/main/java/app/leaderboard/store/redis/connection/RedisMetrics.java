package app.leaderboard.store.redis.connection;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.LeaderboardProperties;

/**
 * {@code leaderboard.redis.up}: 1 when Redis answered the last PING, 0 when not. Pinged
 * on a schedule, so a scrape never waits on a dead Redis.
 */
@Component
class RedisMetrics {

	private final RedisHealthIndicator redis;

	private final AtomicInteger up = new AtomicInteger();

	RedisMetrics(RedisHealthIndicator redis, MeterRegistry registry) {
		this.redis = redis;
		Gauge.builder("leaderboard.redis.up", this.up, AtomicInteger::get)
			.description("1 when Redis answered the last PING, 0 when it did not")
			.register(registry);
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "#{@'" + LeaderboardProperties.BEAN + "'.metricsInterval()}")
	void refresh() {
		this.up.set(this.redis.ping() ? 1 : 0);
	}

}
