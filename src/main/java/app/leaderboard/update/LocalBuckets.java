package app.leaderboard.update;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * In-process buckets, used while Redis is down. Each instance then limits on its own, so
 * behind N instances a user may get up to N times the limit until Redis is back: less
 * strict, but no update waits on a dead Redis. Full buckets carry no state and are
 * dropped by {@link #forgetFull()}, which bounds the memory to users active lately.
 */
final class LocalBuckets {

	/**
	 * Beyond this many users at once, every bucket is dropped rather than memory grow.
	 */
	static final int MAX_USERS = 100_000;

	private final BucketConfiguration configuration;

	private final long capacity;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	LocalBuckets(BucketConfiguration configuration) {
		this.configuration = configuration;
		this.capacity = configuration.getBandwidths()[0].getCapacity();
	}

	ConsumptionProbe tryConsume(String userId) {
		if (this.buckets.size() >= MAX_USERS) {
			forgetFull();
			if (this.buckets.size() >= MAX_USERS) {
				this.buckets.clear();
			}
		}
		return this.buckets
			.computeIfAbsent(userId, (id) -> Bucket.builder().addLimit(this.configuration.getBandwidths()[0]).build())
			.tryConsumeAndReturnRemaining(1);
	}

	void forgetFull() {
		this.buckets.values().removeIf((bucket) -> bucket.getAvailableTokens() >= this.capacity);
	}

	int size() {
		return this.buckets.size();
	}

}
