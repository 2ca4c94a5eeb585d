package app.leaderboard.store.redis.board;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.core.Membership;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Profile;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The request path's reads: a page of a board, a user's standing and what the user cache
 * holds. Each answers empty (or {@code null} totals) for what is not loaded, so the
 * caller can load it or read PostgreSQL instead.
 */
public class RedisBoardReads {

	private static final LuaScript PAGE = LuaScript.load("board_page.lua", ScriptOutputType.MULTI);

	private static final LuaScript RANK = LuaScript.load("rank.lua", ScriptOutputType.MULTI);

	private static final String SPAN = Long.toString(BoardScore.TIE_SPAN);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	public RedisBoardReads(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	public record Member(String userId, long total) {
	}

	/**
	 * A page of a loaded board; {@code above} counts users above the page's first total.
	 */
	public record Page(long members, long above, List<Member> entries) {
	}

	/** A page, or empty when the board is not loaded in Redis. */
	public Optional<Page> page(PeriodInstance instance, long offset, int limit) {
		return this.guard.call(() -> {
			List<Object> reply = PAGE.run(this.guard, this.connector.interactive(),
					new String[] { this.keys.board(instance) }, Long.toString(offset), Integer.toString(limit), SPAN);
			if (((Long) reply.get(0)) == 0) {
				return Optional.empty();
			}
			List<?> items = (List<?>) reply.get(3);
			List<Member> entries = new ArrayList<>();
			for (int i = 0; i + 1 < items.size(); i += 2) {
				String member = (String) items.get(i);
				if (!BoardScore.LOADED.equals(member)) {
					entries.add(new Member(member, BoardScore.total(Double.parseDouble((String) items.get(i + 1)))));
				}
			}
			return Optional.of(new Page((Long) reply.get(1), (Long) reply.get(2), entries));
		});
	}

	/** A user's standing: total (absent when not on the board) and users above it. */
	public record Standing(long members, OptionalLong total, long above) {
	}

	/** A user's standing, or empty when the board is not loaded in Redis. */
	public Optional<Standing> rank(PeriodInstance instance, String userId) {
		return this.guard.call(() -> {
			List<Object> reply = RANK.run(this.guard, this.connector.interactive(),
					new String[] { this.keys.board(instance) }, userId, SPAN);
			if (((Long) reply.get(0)) == 0) {
				return Optional.empty();
			}
			long members = (Long) reply.get(1);
			if (reply.size() < 4) {
				return Optional.of(new Standing(members, OptionalLong.empty(), 0));
			}
			long total = BoardScore.total(Double.parseDouble((String) reply.get(2)));
			return Optional.of(new Standing(members, OptionalLong.of(total), (Long) reply.get(3)));
		});
	}

	/**
	 * What Redis knows of a user: the totals on loaded boards ({@code null} for a board
	 * not loaded, 0 for a loaded board without the user) and the cached update time.
	 */
	public record CachedUser(Map<PeriodInstance, @Nullable Long> totals, @Nullable Instant updatedAt,
			@Nullable Membership membership, @Nullable Profile profile) {

		/**
		 * Every total is loaded, and the cache entry holds a name and streak (written
		 * since they exist).
		 */
		public boolean complete() {
			return this.updatedAt != null && this.profile != null && !this.totals.containsValue(null);
		}

	}

	public CachedUser user(String userId, Collection<PeriodInstance> instances) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.interactive();
			Map<PeriodInstance, RedisFuture<List<Double>>> scores = new LinkedHashMap<>();
			for (PeriodInstance instance : instances) {
				scores.put(instance, redis.zmscore(this.keys.board(instance), BoardScore.LOADED, userId));
			}
			RedisFuture<String> cached = redis.hget(this.keys.users(userId), userId);
			List<RedisFuture<?>> all = new ArrayList<>(scores.values());
			all.add(cached);
			this.guard.awaitAll(all);
			Map<PeriodInstance, Long> totals = new HashMap<>();
			scores.forEach((instance, future) -> {
				List<Double> reply = this.guard.await(future);
				totals.put(instance,
						(reply.get(0) == null) ? null : (reply.get(1) == null) ? 0L : BoardScore.total(reply.get(1)));
			});
			String value = this.guard.await(cached);
			UserRecord record = (value != null) ? UserRecord.decode(value) : null;
			return new CachedUser(totals, (record != null) ? record.updatedAt() : null,
					(record != null) ? record.membership() : null,
					(record != null && UserRecord.complete(value)) ? record.profile() : null);
		});
	}

	/**
	 * What the user cache says of a user: their record, and whether their bucket is
	 * loaded. A loaded bucket without them means they were never recorded (or were
	 * erased), unless their state reached PostgreSQL but not Redis yet (the outbox relay
	 * brings it) or was written there by a bulk load that no sync followed.
	 */
	public record CacheEntry(@Nullable UserRecord record, boolean bucketLoaded) {

		/** The bucket is loaded and does not hold the user. */
		public boolean absent() {
			return this.record == null && this.bucketLoaded;
		}

	}

	/** The user cache's entries of these users, in one pipelined round trip. */
	public Map<String, CacheEntry> cacheEntries(Collection<String> userIds) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.interactive();
			Map<String, RedisFuture<List<KeyValue<String, String>>>> replies = new LinkedHashMap<>();
			for (String userId : userIds) {
				replies.put(userId, redis.hmget(this.keys.users(userId), userId, BoardScore.LOADED));
			}
			this.guard.awaitAll(new ArrayList<>(replies.values()));
			Map<String, CacheEntry> entries = new LinkedHashMap<>();
			replies.forEach((userId, reply) -> {
				List<KeyValue<String, String>> values = this.guard.await(reply);
				entries.put(userId, new CacheEntry(values.get(0).map(UserRecord::decode).getValueOrElse(null),
						values.get(1).hasValue()));
			});
			return entries;
		});
	}

	/**
	 * The names the user cache holds for these users, in one pipelined round trip:
	 * {@code Optional.empty()} for a user without a name; users whose entry is missing or
	 * was written before names existed are left out (ask PostgreSQL for those).
	 */
	public Map<String, Optional<String>> names(Collection<String> userIds) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.interactive();
			Map<String, RedisFuture<String>> replies = new LinkedHashMap<>();
			for (String userId : userIds) {
				replies.put(userId, redis.hget(this.keys.users(userId), userId));
			}
			this.guard.awaitAll(new ArrayList<>(replies.values()));
			Map<String, Optional<String>> names = new HashMap<>();
			replies.forEach((userId, reply) -> {
				String value = this.guard.await(reply);
				if (value != null && UserRecord.complete(value)) {
					names.put(userId, Optional.ofNullable(UserRecord.decode(value).profile().displayName()));
				}
			});
			return names;
		});
	}

}
