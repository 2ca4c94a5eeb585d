package app.leaderboard.update;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * {@code LEADERBOARD_RATE_LIMIT_PER_MINUTE} updates per user per minute, as a token
 * bucket (capacity = the limit, refilled evenly over a minute) in Redis under
 * {@link RedisKeys#rateLimit}, so every instance sharing the Redis enforces one limit.
 * bucket4j's Lettuce backend keeps the bucket in one key with a compare-and-swap script.
 * The check goes through the same circuit breaker and timeout as every other Redis call:
 * on a dead or paused Redis it fails within the Redis timeout (or at once while the
 * breaker is open) and the in-process {@link LocalBuckets} decide instead.
 */
@Component
public class UpdateRateLimiter {

	private final int perMinute;

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final BucketConfiguration configuration;

	private final LocalBuckets local;

	private final Counter redisRejections;

	private final Counter localRejections;

	private final Counter localChecks;

	/** bucket4j's view of the connector's byte[] connection, made anew when that is. */
	private volatile Buckets buckets;

	private record Buckets(StatefulConnection<String, byte[]> connection, AsyncProxyManager<String> manager) {
	}

	@Autowired
	public UpdateRateLimiter(LeaderboardProperties properties, RedisConnector connector, RedisGuard guard,
			RedisKeys keys, MeterRegistry registry) {
		this(properties.rateLimitPerMinute(), connector, guard, keys, registry);
	}

	UpdateRateLimiter(int perMinute, RedisConnector connector, RedisGuard guard, RedisKeys keys,
			MeterRegistry registry) {
		this.perMinute = perMinute;
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
		this.configuration = BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(Math.max(1, perMinute))
				.refillGreedy(Math.max(1, perMinute), Duration.ofMinutes(1)))
			.build();
		this.local = new LocalBuckets(this.configuration);
		this.redisRejections = rejections(registry, "redis");
		this.localRejections = rejections(registry, "local");
		this.localChecks = Counter.builder("leaderboard.ratelimit.local")
			.description("Rate-limit checks decided in-process because Redis was unavailable")
			.register(registry);
	}

	private static Counter rejections(MeterRegistry registry, String limiter) {
		return Counter.builder("leaderboard.ratelimit.rejections")
			.description("Updates refused with 429 by the per-user rate limit")
			.tag("limiter", limiter)
			.register(registry);
	}

	/**
	 * Takes one update from the user's bucket.
	 * @throws RateLimitExceededException when the bucket is empty
	 */
	public void acquire(String userId) {
		if (this.perMinute == 0) {
			return;
		}
		ConsumptionProbe probe;
		Counter rejections = this.redisRejections;
		try {
			probe = this.guard.call(() -> consumeInRedis(userId));
		}
		catch (RedisUnavailableException ex) {
			this.localChecks.increment();
			rejections = this.localRejections;
			probe = this.local.tryConsume(userId);
		}
		if (!probe.isConsumed()) {
			rejections.increment();
			long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
			throw new RateLimitExceededException(this.perMinute, seconds);
		}
	}

	private ConsumptionProbe consumeInRedis(String userId) {
		CompletableFuture<ConsumptionProbe> future = buckets().builder()
			.build(this.keys.rateLimit(userId), () -> CompletableFuture.completedFuture(this.configuration))
			.tryConsumeAndReturnRemaining(1);
		return this.guard.await(future);
	}

	/**
	 * The buckets on the connector's byte[] connection (bucket4j's scripts want byte[]
	 * values), so they share its host, AUTH, database, TLS and background reconnection.
	 */
	private AsyncProxyManager<String> buckets() {
		StatefulConnection<String, byte[]> connection = this.connector.binary();
		Buckets current = this.buckets;
		if (current == null || current.connection() != connection) {
			// the same compare-and-swap on one key either way; only the builder differs
			Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder = (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster)
					? Bucket4jLettuce.casBasedBuilder(cluster)
					: Bucket4jLettuce.casBasedBuilder((StatefulRedisConnection<String, byte[]>) connection);
			current = new Buckets(connection, builder
				.expirationAfterWrite(
						ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
				.requestTimeout(this.connector.timeout())
				.build()
				.asAsync());
			this.buckets = current;
		}
		return current.manager();
	}

	/**
	 * Whether the Redis-backed buckets can be asked (otherwise the local ones decide).
	 */
	boolean redisConnected() {
		try {
			this.connector.binary();
			return true;
		}
		catch (RedisUnavailableException ex) {
			return false;
		}
	}

	/** Drops in-process buckets that have refilled completely. */
	@Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
	public void forgetFullLocalBuckets() {
		this.local.forgetFull();
	}

}
