package app.leaderboard.read;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.core.Membership;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.redis.board.RedisBoardReads;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Whether a user the boards do not list exists, asked without letting reads of ids that
 * were never recorded reach PostgreSQL (docs/api.md, "Unknown users and unused scopes").
 * The user cache answers first: a loaded bucket without the id means unknown. Only a few
 * such ids a second are looked up in PostgreSQL all the same (the bucket may lack a user
 * whose Redis write is still in the outbox), outside the fallback's bulkhead, and an id
 * found unknown is remembered for a few seconds; past that budget the cache's word is the
 * answer. So a flood of random ids costs PostgreSQL a bounded number of lookups and never
 * takes the bulkhead from readers whose board or user Redis really lacks. A bucket that
 * is not loaded (flushed, or Redis down) is a cache miss like any other: PostgreSQL,
 * through the bulkhead.
 */
@Component
public class KnownUsers {

	/** PostgreSQL lookups a second of ids that a loaded user cache bucket lacks. */
	static final int LOOKUPS_PER_SECOND = 20;

	/** Ids found unknown and remembered, at most. */
	static final int REMEMBERED = 10_000;

	/** How long an id found unknown is remembered. */
	static final Duration REMEMBER_FOR = Duration.ofSeconds(5);

	private final RedisBoardReads redis;

	private final BoardQueries store;

	private final ReadPath path;

	private final boolean fallback;

	private final Bucket lookups = Bucket.builder()
		.addLimit(Bandwidth.builder()
			.capacity(LOOKUPS_PER_SECOND)
			.refillGreedy(LOOKUPS_PER_SECOND, Duration.ofSeconds(1))
			.build())
		.build();

	/** Ids found unknown, to when they are forgotten (System.nanoTime), oldest first. */
	private final Map<String, Long> unknown = new LinkedHashMap<>();

	private final Counter lookupsMade;

	KnownUsers(RedisBoardReads redis, BoardQueries store, ReadPath path, LeaderboardProperties properties,
			MeterRegistry registry) {
		this.redis = redis;
		this.store = store;
		this.path = path;
		this.fallback = properties.redisFallback();
		this.lookupsMade = Counter.builder("leaderboard.reads.user.lookups")
			.description("PostgreSQL lookups of user ids that a loaded user cache bucket does not hold")
			.register(registry);
	}

	/** The user's scopes and visibility; empty for a user never recorded (or erased). */
	public Optional<Membership> find(String userId) {
		RedisBoardReads.CacheEntry entry;
		try {
			entry = this.redis.cacheEntries(List.of(userId)).get(userId);
		}
		catch (RedisUnavailableException ex) {
			return fromPostgres(userId);
		}
		if (entry.record() != null) {
			return Optional.of(entry.record().membership());
		}
		if (!entry.bucketLoaded()) {
			return fromPostgres(userId);
		}
		if (!mayLookUp(userId)) {
			return Optional.empty();
		}
		try {
			Optional<Membership> found = this.store.userScores(userId, List.of()).map(UserScores::membership);
			if (found.isEmpty()) {
				remember(userId);
			}
			return found;
		}
		catch (DataAccessException ex) {
			// the cache's word, rather than a failed read
			return Optional.empty();
		}
	}

	boolean known(String userId) {
		return find(userId).isPresent();
	}

	/**
	 * Of ids that the board and the user cache did not place, those worth asking
	 * PostgreSQL about: ids whose bucket is not loaded, and, within the lookup budget,
	 * ids a loaded bucket lacks that were not found unknown lately.
	 */
	List<String> worthAsking(Collection<String> userIds) {
		if (userIds.isEmpty()) {
			return List.of();
		}
		List<String> ask = new ArrayList<>();
		this.redis.cacheEntries(userIds).forEach((userId, entry) -> {
			if (!entry.bucketLoaded() || entry.record() != null || mayLookUp(userId)) {
				ask.add(userId);
			}
		});
		return ask;
	}

	private Optional<Membership> fromPostgres(String userId) {
		if (!this.fallback) {
			throw new ReadsUnavailableException();
		}
		return this.path.fromPostgres(() -> this.store.userScores(userId, List.of())).map(UserScores::membership);
	}

	/** Whether an id a loaded bucket lacks may be looked up in PostgreSQL now. */
	private boolean mayLookUp(String userId) {
		if (rememberedUnknown(userId) || !this.lookups.tryConsume(1)) {
			return false;
		}
		this.lookupsMade.increment();
		return true;
	}

	private synchronized boolean rememberedUnknown(String userId) {
		Long until = this.unknown.get(userId);
		if (until == null) {
			return false;
		}
		if (until - System.nanoTime() < 0) {
			this.unknown.remove(userId);
			return false;
		}
		return true;
	}

	private synchronized void remember(String userId) {
		this.unknown.remove(userId);
		this.unknown.put(userId, System.nanoTime() + REMEMBER_FOR.toNanos());
		if (this.unknown.size() > REMEMBERED) {
			this.unknown.remove(this.unknown.keySet().iterator().next());
		}
	}

}
