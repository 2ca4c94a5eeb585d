package app.leaderboard.read;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.NearCacheProperties;
import app.leaderboard.core.PeriodInstance;

/**
 * The bytes of the first pages of the current boards, kept in this process
 * (docs/consistency.md, "The near cache"). A page is kept with the generation it was read
 * under ({@link BoardPages}) and served only to a read that finds that same generation in
 * Redis: every change of the board deletes the board's generation in the script that
 * makes it, and a changed name gives the names a new generation once it is in the user
 * cache; writers make a missing one with a new random value, never one a page was kept
 * under, and a read that finds none keeps and serves nothing. So a read that starts after
 * a change was acknowledged, on any instance, never gets a page from before it. Bounded
 * by the bytes it holds ({@code LEADERBOARD_NEAR_CACHE_MEGABYTES}); the least used pages
 * go first.
 */
@Component
public class NearCache {

	/** Pages that start before this rank are kept: the first pages of a board. */
	static final int DEPTH = 100;

	/** What an entry costs besides its body: the key, the entry and the map's node. */
	private static final int OVERHEAD = 160;

	/** A read: the board (period instance and scope), then its page. */
	record Key(String board, int limit, long offset) {
	}

	private record Page(String generation, byte[] body) {
	}

	private final boolean enabled;

	private final Cache<Key, Page> pages;

	private final Counter hits;

	private final Counter misses;

	NearCache(NearCacheProperties properties, MeterRegistry registry) {
		this.enabled = properties.nearCache();
		this.pages = Caffeine.newBuilder()
			.maximumWeight(properties.nearCacheMegabytes() * 1024L * 1024L)
			.weigher((Key key, Page page) -> OVERHEAD + key.board().length() + page.body().length)
			.build();
		this.hits = Counter.builder("leaderboard.reads.near.hits")
			.description("Board pages served from the near cache, their generation checked in Redis")
			.register(registry);
		this.misses = Counter.builder("leaderboard.reads.near.misses")
			.description("Reads of pages the near cache may keep that it could not serve (not kept, "
					+ "a newer generation, none in Redis, or Redis not answering)")
			.register(registry);
		Gauge.builder("leaderboard.reads.near.pages", this.pages, Cache::estimatedSize)
			.description("Board pages the near cache holds")
			.register(registry);
		Gauge
			.builder("leaderboard.reads.near.bytes", this.pages,
					(cache) -> cache.policy().eviction().map((e) -> e.weightedSize().orElse(0)).orElse(0L))
			.description("Bytes the near cache holds (bodies and keys; bounded by LEADERBOARD_NEAR_CACHE_MEGABYTES)")
			.baseUnit("bytes")
			.register(registry);
	}

	/**
	 * Whether a page at this offset may be kept: the near cache is on and the page starts
	 * within the first {@value #DEPTH} ranks. Only pages of the current boards that Redis
	 * served are kept ({@link BoardPages}); a board that ended is read as before.
	 */
	boolean keeps(long offset) {
		return this.enabled && offset < DEPTH;
	}

	static Key key(PeriodInstance board, int limit, long offset) {
		return new Key(board.id(), limit, offset);
	}

	/** The page kept for this read under {@code generation}; null when there is none. */
	byte @Nullable [] get(Key key, String generation) {
		Page page = this.pages.getIfPresent(key);
		if (page != null && page.generation().equals(generation)) {
			this.hits.increment();
			return page.body();
		}
		this.misses.increment();
		return null;
	}

	/** A read that did not look (Redis did not answer): counted as a miss. */
	void missed() {
		this.misses.increment();
	}

	/** Runs the evictions due now (they run after writes, on another thread). */
	void cleanUp() {
		this.pages.cleanUp();
	}

	/**
	 * Keeps a page read from Redis after {@code generation} was: it shows at least what
	 * that generation stands for.
	 */
	void put(Key key, String generation, byte[] body) {
		this.pages.put(key, new Page(generation, body));
	}

}
