package app.leaderboard.store.redis.connection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Redis call goes through here: futures are awaited with the command timeout, and a
 * circuit breaker sends requests straight to the fallback for a second once Redis starts
 * failing, instead of letting each one wait out its timeout. Calls made while serving an
 * HTTP request and calls of background work (maintenance, warm-ups, leases, gauges, the
 * CLI) have a breaker each: under a rebuild's load on a busy machine background calls
 * timed out and opened the one breaker they then shared with requests, whose refusal
 * failed an admin full sync with 503 (docs/deployment.md, "Many instances"). Each breaker
 * logs when it opens and closes; each failure is logged at DEBUG.
 */
public class RedisGuard {

	private static final Logger log = LoggerFactory.getLogger(RedisGuard.class);

	private final CircuitBreaker requests;

	private final CircuitBreaker background;

	private final Duration timeout;

	private final RequestThread requestThread;

	public RedisGuard(Duration timeout) {
		this(timeout, RequestThread.NONE);
	}

	public RedisGuard(Duration timeout, RequestThread requestThread) {
		this.timeout = timeout;
		this.requestThread = requestThread;
		this.requests = breaker("redis-requests");
		this.background = breaker("redis-background");
	}

	private static CircuitBreaker breaker(String name) {
		CircuitBreaker breaker = CircuitBreaker.of(name,
				CircuitBreakerConfig.custom()
					.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
					.slidingWindowSize(20)
					.minimumNumberOfCalls(5)
					.failureRateThreshold(50)
					.waitDurationInOpenState(Duration.ofSeconds(1))
					.permittedNumberOfCallsInHalfOpenState(3)
					.automaticTransitionFromOpenToHalfOpenEnabled(true)
					.recordExceptions(RedisUnavailableException.class)
					.build());
		breaker.getEventPublisher()
			.onStateTransition((event) -> log.info("Redis circuit breaker {}: {}", name, event.getStateTransition()))
			.onError((event) -> log.debug("Redis call failed ({})", name, event.getThrowable()));
		return breaker;
	}

	public <T> T call(Supplier<T> work) {
		CircuitBreaker breaker = this.requestThread.servingRequest() ? this.requests : this.background;
		try {
			return breaker.executeSupplier(work);
		}
		catch (CallNotPermittedException ex) {
			throw new RedisUnavailableException("Redis circuit breaker is open", ex);
		}
	}

	/**
	 * Waits for one reply, at most the command timeout. Public for libraries that talk to
	 * Redis themselves (bucket4j's rate-limit buckets) and hand back a plain future.
	 */
	public <T> T await(Future<T> future) {
		return awaitWithin(future, this.timeout);
	}

	/**
	 * Waits for one reply on the maintenance connection, where a lock or a swap may queue
	 * behind another rebuild's batches: the connection's longer timeout. No request waits
	 * on this path (a cold board's readers wait 200 ms, then read PostgreSQL).
	 */
	public <T> T awaitBulk(RedisFuture<T> future) {
		return awaitWithin(future, RedisConnector.bulkTimeoutFor(this.timeout));
	}

	/** Waits for many pipelined replies, all within one command timeout. */
	public void awaitAll(List<? extends Future<?>> futures) {
		awaitAll(futures, this.timeout);
	}

	public void awaitAll(List<? extends Future<?>> futures, Duration within) {
		long deadline = System.nanoTime() + within.toNanos();
		for (Future<?> future : futures) {
			awaitWithin(future, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
		}
	}

	public static <T> T awaitWithin(Future<T> future, Duration within) {
		try {
			return future.get(within.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisUnavailableException("Interrupted while waiting for Redis", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof RedisNoScriptException noScript) {
				throw noScript;
			}
			throw new RedisUnavailableException("Redis command failed: " + cause.getClass().getSimpleName(), cause);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new RedisUnavailableException("Redis did not answer in time", ex);
		}
		catch (RuntimeException ex) {
			throw new RedisUnavailableException("Redis call failed: " + ex.getClass().getSimpleName(), ex);
		}
	}

}
