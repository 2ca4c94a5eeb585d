package app.leaderboard.read;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts of reads answered by Redis (hits), not (misses), and by the fallback. */
@Component
public class CacheStats {

	private final Counter hits;

	private final Counter misses;

	private final Counter fallbacks;

	private final Counter refused;

	public CacheStats(MeterRegistry registry) {
		this.hits = Counter.builder("leaderboard.cache.hits")
			.description("Reads answered from Redis")
			.register(registry);
		this.misses = Counter.builder("leaderboard.cache.misses")
			.description("Reads Redis could not answer (board or user not loaded, or Redis down)")
			.register(registry);
		this.fallbacks = Counter.builder("leaderboard.reads.fallback")
			.description("Reads answered from PostgreSQL")
			.register(registry);
		this.refused = Counter.builder("leaderboard.reads.fallback.refused")
			.description("PostgreSQL reads refused with 503 because the fallback was at its concurrency limit")
			.register(registry);
	}

	void hit() {
		this.hits.increment();
	}

	void miss() {
		this.misses.increment();
	}

	void fallback() {
		this.fallbacks.increment();
	}

	void fallbackRefused() {
		this.refused.increment();
	}

	public long hits() {
		return (long) this.hits.count();
	}

	public long misses() {
		return (long) this.misses.count();
	}

}
