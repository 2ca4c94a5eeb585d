package app.leaderboard.store.redis.coordination;

import java.time.Duration;
import java.util.Optional;

import io.lettuce.core.SetArgs;

import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;

/**
 * Small values one instance measures and every instance reports (the outbox backlog
 * gauges): the lease holder publishes them with a time to live, the others read them, so
 * a gauge costs PostgreSQL one query per interval however many instances are scraped.
 * Also values the first instance sets for all ({@link #claim}: the hash of a generated
 * admin token). Only background work reads and writes them: over the maintenance
 * connection, see {@link JobLease}.
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
			.awaitBulk(this.connector.bulk().set(key(name), value, SetArgs.Builder.px(ttl.toMillis()))));
	}

	/**
	 * Stores {@code value} under {@code name} unless a value is there already, without
	 * expiry: the first instance's value wins. @return the value Redis holds afterwards
	 */
	public String claim(String name, String value) {
		return this.guard.call(() -> {
			String reply = this.guard.awaitBulk(this.connector.bulk().set(key(name), value, SetArgs.Builder.nx()));
			if ("OK".equals(reply)) {
				return value;
			}
			String held = this.guard.awaitBulk(this.connector.bulk().get(key(name)));
			// deleted between the two commands (DELETE /admin/cache): claim again later
			return (held != null) ? held : value;
		});
	}

	/** The published value, or empty when none is (any longer). */
	public Optional<String> read(String name) {
		return Optional.ofNullable(this.guard.call(() -> this.guard.awaitBulk(this.connector.bulk().get(key(name)))));
	}

	private String key(String name) {
		return this.prefix + "shared:{" + name + "}";
	}

}
