package app.leaderboard.read;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.FallbackProperties;
import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.ReadDatabase;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.sync.BoardLoader;

/**
 * Where every board read is answered from: Redis when it holds the board; a current or
 * just-ended board that Redis lacks is loaded once in the background while the request
 * waits a moment or reads PostgreSQL; older boards are read from PostgreSQL (they are not
 * worth a load); with Redis down PostgreSQL, or 503 when the fallback is off. A board of
 * a region or organisation never used is empty, and nothing is loaded for it. Every read
 * of PostgreSQL here may be answered by a replica that is in step ({@link ReadDatabase}).
 */
@Component
public class ReadPath {

	/** How long a request waits for a cold board to load before reading PostgreSQL. */
	private static final Duration COLD_WAIT = Duration.ofMillis(200);

	private final BoardLoader loader;

	private final CacheStats stats;

	private final Periods periods;

	private final KnownScopes scopes;

	private final boolean fallback;

	private final ReadDatabase database;

	/**
	 * Bounds the PostgreSQL reads in flight, so that readers falling back all at once
	 * cannot take the connections and CPU that updates need.
	 */
	private final Bulkhead postgres;

	ReadPath(BoardLoader loader, CacheStats stats, Periods periods, KnownScopes scopes,
			LeaderboardProperties properties, FallbackProperties bounds, ReadDatabase database, MeterRegistry meters) {
		this.loader = loader;
		this.database = database;
		this.scopes = scopes;
		this.stats = stats;
		this.periods = periods;
		this.fallback = properties.redisFallback();
		this.postgres = Bulkhead.of("postgres-reads",
				BulkheadConfig.custom()
					.maxConcurrentCalls(bounds.fallbackConcurrency())
					.maxWaitDuration(bounds.fallbackQueueWait())
					.build());
		Gauge
			.builder("leaderboard.reads.postgres.active", this.postgres,
					(b) -> b.getMetrics().getMaxAllowedConcurrentCalls() - b.getMetrics().getAvailableConcurrentCalls())
			.description("Reads on PostgreSQL in flight (bounded by LEADERBOARD_FALLBACK_CONCURRENCY)")
			.register(meters);
	}

	/**
	 * A read of a board that may belong to a region or organisation never used: then
	 * {@code unused} answers (an empty board) and neither store is asked for the board,
	 * so that no key is loaded for it ({@link KnownScopes}).
	 */
	<T> Sourced<T> read(PeriodInstance instance, Supplier<Optional<T>> fromRedis, Supplier<T> fromPostgres,
			Supplier<T> unused) {
		if (!this.scopes.used(instance.scope())) {
			return new Sourced<>(unused.get(), Source.REDIS);
		}
		return read(instance, fromRedis, fromPostgres);
	}

	public <T> Sourced<T> read(PeriodInstance instance, Supplier<Optional<T>> fromRedis, Supplier<T> fromPostgres) {
		try {
			Optional<T> value = fromRedis.get();
			if (value.isPresent()) {
				this.stats.hit();
				return new Sourced<>(value.get(), Source.REDIS);
			}
			this.stats.miss();
			if (kept(instance) && this.loader.awaitLoaded(instance, COLD_WAIT)) {
				value = fromRedis.get();
				if (value.isPresent()) {
					return new Sourced<>(value.get(), Source.REDIS);
				}
			}
		}
		catch (RedisUnavailableException ex) {
			return unavailable(fromPostgres);
		}
		this.stats.fallback();
		return new Sourced<>(fromPostgres(fromPostgres), Source.POSTGRES);
	}

	/**
	 * The read of a board when Redis did not answer a call made for it already (the near
	 * cache's generation read, {@link BoardPages}): PostgreSQL, or 503 when the fallback
	 * is off, counted as {@link #read} counts a read Redis failed. Asking Redis again for
	 * the page would wait out a second timeout while it hangs. A region or organisation
	 * never used is empty, as in {@link #read}.
	 */
	<T> Sourced<T> unavailable(PeriodInstance instance, Supplier<T> fromPostgres, Supplier<T> unused) {
		if (!this.scopes.used(instance.scope())) {
			return new Sourced<>(unused.get(), Source.REDIS);
		}
		return unavailable(fromPostgres);
	}

	private <T> Sourced<T> unavailable(Supplier<T> fromPostgres) {
		this.stats.miss();
		if (!this.fallback) {
			throw new ReadsUnavailableException();
		}
		this.stats.fallback();
		return new Sourced<>(fromPostgres(fromPostgres), Source.POSTGRES);
	}

	/**
	 * A read from PostgreSQL in the room the bulkhead leaves: past its wait, 503 with
	 * Retry-After.
	 */
	<T> T fromPostgres(Supplier<T> read) {
		try {
			return this.postgres.executeSupplier(() -> this.database.read(read));
		}
		catch (BulkheadFullException ex) {
			this.stats.fallbackRefused();
			throw new FallbackBusyException();
		}
	}

	/** Whether Redis keeps this board: the current one and the one that just ended. */
	boolean kept(PeriodInstance instance) {
		PeriodInstance current = this.periods.current(instance.period());
		return instance.startDate().equals(current.startDate())
				|| instance.startDate().equals(this.periods.previous(current).startDate());
	}

}
