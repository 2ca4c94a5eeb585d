package app.leaderboard.store.redis.board;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScoredValueScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.core.Scope;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The streak lists (docs/api.md, "Streaks"): a page of a scope's list as of a day
 * (streak_page.lua), what a drift check compares, and a list's rebuild from PostgreSQL's
 * rows (written to a build key, marked loaded, renamed over the list in one step, so that
 * readers never see it half built). The writes of updates are {@link StreakWrites}'.
 */
public class RedisStreaks {

	private static final LuaScript PAGE = LuaScript.load("streak_page.lua", ScriptOutputType.MULTI);

	/** The member that marks a list loaded; its score sorts it after every run. */
	static final String LOADED = "#";

	private static final int CHUNK = 2000;

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final StreakWrites writes;

	public RedisStreaks(RedisConnector connector, RedisGuard guard, RedisKeys keys, StreakWrites writes) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
		this.writes = writes;
	}

	/**
	 * A user on the list: their run and whether its last day is today (else yesterday).
	 */
	public record Member(String userId, int run, boolean today) {
	}

	/** A page: the list's size, the users with a longer run than the first entry's. */
	public record Page(long total, long above, List<Member> entries) {
	}

	/** A page of the scope's list as of {@code today}, or empty when it is not loaded. */
	public Optional<Page> page(Scope scope, LocalDate today, long offset, int limit) {
		return this.guard.call(() -> {
			List<Object> reply = PAGE.run(this.guard, this.connector.interactive(),
					new String[] { this.keys.streak(scope, today.minusDays(1)), this.keys.streak(scope, today) },
					Long.toString(offset), Integer.toString(limit));
			if (((Long) reply.get(0)) == 0) {
				return Optional.empty();
			}
			List<?> items = (List<?>) reply.get(3);
			List<Member> entries = new ArrayList<>();
			for (int i = 0; i + 2 < items.size(); i += 3) {
				entries.add(new Member((String) items.get(i), ((Long) items.get(i + 1)).intValue(),
						((Long) items.get(i + 2)) == 1));
			}
			return Optional.of(new Page((Long) reply.get(1), (Long) reply.get(2), entries));
		});
	}

	/**
	 * How many users of a day's list have each run (a checksum of the list), and how many
	 * it holds in all; empty when it is not loaded.
	 */
	public record Counts(long members, Map<Integer, Long> byRun) {
	}

	public Optional<Counts> counts(Scope scope, LocalDate day, Collection<Integer> runs) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.bulk();
			String key = this.keys.streak(scope, day);
			RedisFuture<Double> loaded = redis.zscore(key, LOADED);
			RedisFuture<Long> size = redis.zcard(key);
			Map<Integer, RedisFuture<Long>> counts = new LinkedHashMap<>();
			for (int run : runs) {
				counts.put(run, redis.zcount(key, io.lettuce.core.Range.create(-run, -run)));
			}
			List<RedisFuture<?>> all = new ArrayList<>(counts.values());
			all.add(loaded);
			all.add(size);
			this.guard.awaitAll(all);
			if (this.guard.await(loaded) == null) {
				return Optional.<Counts>empty();
			}
			Map<Integer, Long> byRun = new LinkedHashMap<>();
			counts.forEach((run, count) -> byRun.put(run, this.guard.await(count)));
			return Optional.of(new Counts(this.guard.await(size) - 1, byRun));
		});
	}

	/** A list being rebuilt: rows go to its build key until {@link #swap}. */
	public final class Build {

		private final Scope scope;

		private final LocalDate day;

		private final List<ScoredValue<String>> pending = new ArrayList<>();

		private final long sinceVersion;

		private long members;

		Build(Scope scope, LocalDate day, long sinceVersion) {
			this.scope = scope;
			this.day = day;
			this.sinceVersion = sinceVersion;
		}

		public void add(String userId, int run) {
			this.pending.add(ScoredValue.just(-run, userId));
			this.members++;
			if (this.pending.size() >= CHUNK) {
				flush();
			}
		}

		@SuppressWarnings("unchecked")
		private void flush() {
			if (this.pending.isEmpty()) {
				return;
			}
			String build = RedisStreaks.this.keys.streakBuild(this.scope, this.day);
			ScoredValue<String>[] values = this.pending.toArray(ScoredValue[]::new);
			RedisStreaks.this.guard
				.call(() -> RedisStreaks.this.guard.awaitBulk(RedisStreaks.this.connector.bulk().zadd(build, values)));
			this.pending.clear();
		}

		/** Marks the build loaded and puts it in the list's place, in one step. */
		public long swap() {
			this.pending.add(ScoredValue.just(1, LOADED));
			flush();
			String build = RedisStreaks.this.keys.streakBuild(this.scope, this.day);
			String list = RedisStreaks.this.keys.streak(this.scope, this.day);
			long ttl = RedisStreaks.this.writes.ttl(this.day).toMillis();
			// the snapshot may predate an erasure: its user goes before the build is
			// served, and once more after, for an erasure made meanwhile (an erasure made
			// after the rename takes the user off the list itself)
			dropErased(this.scope, build, this.sinceVersion);
			RedisStreaks.this.guard.call(() -> {
				RedisClusterAsyncCommands<String, String> redis = RedisStreaks.this.connector.bulk();
				RedisStreaks.this.guard.awaitBulk(redis.pexpire(build, ttl));
				return RedisStreaks.this.guard.awaitBulk(redis.rename(build, list));
			});
			dropErased(this.scope, list, this.sinceVersion);
			return this.members;
		}

	}

	/**
	 * Takes the users erased today or yesterday (the scope's tombstones) after a build's
	 * snapshot ({@code sinceVersion}, the last user version then) off a list: a walk over
	 * the list (ZSCAN, a chunk at a time), only when there are tombstones.
	 */
	private void dropErased(Scope scope, String key, long sinceVersion) {
		this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.bulk();
			LocalDate today = this.writes.today();
			// only erasures after the build's snapshot: an id erased before it and
			// recorded
			// anew is in the snapshot as its new self
			Set<String> erased = new HashSet<>();
			for (LocalDate day : List.of(today, today.minusDays(1))) {
				this.guard.awaitBulk(redis.hgetall(this.keys.streakErased(scope, day))).forEach((digest, version) -> {
					if (Long.parseLong(version) > sinceVersion) {
						erased.add(digest);
					}
				});
			}
			if (erased.isEmpty()) {
				return null;
			}
			ScanCursor cursor = ScanCursor.INITIAL;
			do {
				ScoredValueScanCursor<String> chunk = this.guard
					.awaitBulk(redis.zscan(key, cursor, ScanArgs.Builder.limit(CHUNK)));
				for (ScoredValue<String> member : chunk.getValues()) {
					if (erased.contains(sha1(member.getValue()))) {
						this.guard.awaitBulk(redis.zrem(key, member.getValue()));
					}
				}
				cursor = chunk;
			}
			while (!cursor.isFinished());
			return null;
		});
	}

	/** As Redis's {@code redis.sha1hex}. */
	private static String sha1(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts a rebuild of the scope's list of {@code day}, dropping any unfinished one.
	 */
	public Build build(Scope scope, LocalDate day, long sinceVersion) {
		this.guard.call(() -> this.guard.awaitBulk(this.connector.bulk().unlink(this.keys.streakBuild(scope, day))));
		return new Build(scope, day, sinceVersion);
	}

}
