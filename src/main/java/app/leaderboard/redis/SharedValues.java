package app.leaderboard.redis;

import java.time.Duration;
import java.util.Optional;

import io.lettuce.core.SetArgs;

import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;

/**
 * Small values one instance measures and every instance reports (the outbox backlog
 * gauges): the lease holder publishes them with a time to live, the others read them, so
 * a gauge costs PostgreSQL one query per interval however many instances are scraped.
 */
@Component
public class SharedValues {

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final String prefix;

	public SharedValues(RedisConnector connector, RedisGuard guard, LeaderboardProperties properties) {
		this.connector = connector;
		this.guard = guard;
		this.prefix = properties.keyPrefix();
	}

	public void publish(String name, String value, Duration ttl) {
		this.guard.call(() -> this.guard
			.await(this.connector.interactive().set(key(name), value, SetArgs.Builder.px(ttl.toMillis()))));
	}

	/** The published value, or empty when none is (any longer). */
	public Optional<String> read(String name) {
		return Optional
			.ofNullable(this.guard.call(() -> this.guard.await(this.connector.interactive().get(key(name)))));
	}

	private String key(String name) {
		return this.prefix + "shared:{" + name + "}";
	}

}
