package app.leaderboard.store.redis.board;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Redis memory and the service's key count as gauges (docs/operations.md), measured on a
 * schedule so that a scrape never waits on Redis. Memory is one {@code INFO memory} every
 * metrics interval. The key count is a SCAN of the database, which visits every key of it
 * (ours are few: a board per period instance, the user cache, locks and the rate-limit
 * buckets of users active in the last minute; but the database may hold another
 * application's millions): so it runs every {@code leaderboard.key-count-interval} (5
 * minutes by default), in batches of 1000, on the maintenance connection. The number of
 * keys moves slowly; memory is what the alert watches.
 */
@Component
class RedisFootprintMetrics {

	private final RedisFootprint footprint;

	private final AtomicLong used = new AtomicLong(-1);

	/** -1: unknown; 0: no maxmemory set (the gauge then shows NaN). */
	private final AtomicLong max = new AtomicLong(-1);

	private final AtomicLong keys = new AtomicLong(-1);

	private final long keyCountNanos;

	private long keysCountedAt;

	RedisFootprintMetrics(RedisFootprint footprint, MeterRegistry registry, LeaderboardProperties properties) {
		this.footprint = footprint;
		this.keyCountNanos = properties.keyCountInterval().toNanos();
		Gauge.builder("leaderboard.redis.memory.used", this.used, AtomicLong::get)
			.description("Redis used_memory at the last measurement; -1 when Redis could not be asked")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("leaderboard.redis.memory.max", this.max, (max) -> (max.get() == 0) ? Double.NaN : max.get())
			.description("Redis maxmemory; NaN when none is set, -1 when Redis could not be asked")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("leaderboard.redis.keys", this.keys, AtomicLong::get)
			.description("Keys under this service's prefix at the last count; -1 when unknown")
			.register(registry);
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "#{@'" + LeaderboardProperties.BEAN + "'.metricsInterval()}")
	void refresh() {
		try {
			RedisFootprint.Memory memory = this.footprint.memory();
			this.used.set(memory.used());
			this.max.set(memory.max().orElse(0));
		}
		catch (RedisUnavailableException ex) {
			this.used.set(-1);
			this.max.set(-1);
		}
		// the first count as soon as Redis answers, then one per key-count interval
		if (this.keys.get() < 0 || System.nanoTime() - this.keysCountedAt >= this.keyCountNanos) {
			try {
				this.keys.set(this.footprint.countOwnKeys());
				this.keysCountedAt = System.nanoTime();
			}
			catch (RedisUnavailableException ex) {
				this.keys.set(-1);
			}
		}
	}

}
