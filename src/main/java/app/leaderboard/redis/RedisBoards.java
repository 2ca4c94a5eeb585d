package app.leaderboard.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;

import app.leaderboard.period.PeriodInstance;
import app.leaderboard.score.BoardRow;
import app.leaderboard.score.Membership;
import app.leaderboard.score.PeriodScore;
import app.leaderboard.score.UserScores;

/**
 * Every Redis command of the service, in one place. Boards are sorted sets scored by
 * {@link BoardScore}; the user cache is one hash. Writes carry absolute values read from
 * PostgreSQL and are guarded ({@code ZADD LT} on the negative scores, a version check for
 * the user cache), so a late, retried or replayed write can never move Redis backwards.
 */
public class RedisBoards {

	/**
	 * Members per ZADD/HSET of a rebuild, and how many such commands may be in flight.
	 */
	static final int BATCH = 1000;

	static final int IN_FLIGHT = 8;

	private static final LuaScript PAGE = LuaScript.load("board_page.lua", ScriptOutputType.MULTI);

	private static final LuaScript RANK = LuaScript.load("rank.lua", ScriptOutputType.MULTI);

	private static final LuaScript USER_TOUCH = LuaScript.load("user_touch.lua", ScriptOutputType.INTEGER);

	private static final LuaScript BOARD_TOUCH = LuaScript.load("board_touch.lua", ScriptOutputType.INTEGER);

	private static final LuaScript BOARD_LEAVE = LuaScript.load("board_leave.lua", ScriptOutputType.INTEGER);

	private static final LuaScript USERS_BUILD_ADD = LuaScript.load("users_build_add.lua", ScriptOutputType.INTEGER);

	/** A user cache build left behind by a crashed builder goes away after this. */
	private static final Duration USERS_BUILD_TTL = Duration.ofHours(1);

	private static final LuaScript SWAP = LuaScript.load("swap.lua", ScriptOutputType.INTEGER);

	private static final LuaScript UNLOCK = LuaScript.load("unlock.lua", ScriptOutputType.INTEGER);

	private static final LuaScript RENEW_LOCK = LuaScript.load("renew_lock.lua", ScriptOutputType.INTEGER);

	private static final String SPAN = Long.toString(BoardScore.TIE_SPAN);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final Clock clock;

	public RedisBoards(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
		this.clock = clock;
	}

	public RedisKeys keys() {
		return this.keys;
	}

	// ---- reads ----

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
	public record CachedUser(Map<PeriodInstance, Long> totals, Instant updatedAt, Membership membership) {

		public boolean complete() {
			return this.updatedAt != null && !this.totals.containsValue(null);
		}

	}

	public CachedUser user(String userId, Collection<PeriodInstance> instances) {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.interactive();
			Map<PeriodInstance, RedisFuture<List<Double>>> scores = new LinkedHashMap<>();
			for (PeriodInstance instance : instances) {
				scores.put(instance, redis.zmscore(this.keys.board(instance), BoardScore.LOADED, userId));
			}
			RedisFuture<String> cached = redis.hget(this.keys.users(), userId);
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
					(record != null) ? record.membership() : null);
		});
	}

	public boolean userCached(String userId) {
		return this.guard.call(() -> this.guard.await(this.connector.interactive().hexists(this.keys.users(), userId)));
	}

	/** The user's cache entry, or empty when the cache does not hold them. */
	public Optional<UserRecord> cachedUser(String userId) {
		return this.guard.call(() -> Optional
			.ofNullable(this.guard.await(this.connector.interactive().hget(this.keys.users(), userId)))
			.map(UserRecord::decode));
	}

	// ---- writes ----

	/**
	 * Writes users' absolute state from PostgreSQL. Safe to repeat and to reorder: each
	 * board entry only moves up ({@code ZADD LT}), the cache entry only to a newer
	 * version. A rebuild running meanwhile gets the same writes in its build key (see
	 * board_touch.lua), so its swap never shows an older total than readers saw before.
	 * @param bulk use the maintenance connection (relay, rebuilds) instead of the request
	 * one
	 */
	public void apply(Collection<UserScores> users, boolean bulk) {
		this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = bulk ? this.connector.bulk() : this.connector.interactive();
			try {
				applyOnce(redis, users, bulk);
			}
			catch (RedisNoScriptException ex) {
				// a restarted or flushed Redis forgot the scripts; the writes are
				// idempotent
				BOARD_TOUCH.ensureLoaded(this.guard, redis);
				BOARD_LEAVE.ensureLoaded(this.guard, redis);
				USER_TOUCH.ensureLoaded(this.guard, redis);
				applyOnce(redis, users, bulk);
			}
			return null;
		});
	}

	private void applyOnce(RedisAsyncCommands<String, String> redis, Collection<UserScores> users, boolean bulk) {
		// joins and the user's record first, removals after: a user who moves between
		// scopes is on the new scope's boards before the old ones lose them, never on
		// neither (README, "Scopes")
		List<RedisFuture<?>> replies = new ArrayList<>();
		List<UserScores> leaving = new ArrayList<>();
		for (UserScores user : users) {
			String record = (bulk || !user.left().isEmpty()) ? "1" : "0";
			for (PeriodScore score : user.boardScores()) {
				replies.add(BOARD_TOUCH.start(redis,
						new String[] { this.keys.board(score.instance()), this.keys.boardBuild(score.instance()),
								this.keys.boardVersions(score.instance()) },
						score(BoardScore.encode(score.total(), score.reachedAt(), score.instance())), user.userId(),
						Long.toString(ttl(score.instance()).toMillis()), Long.toString(user.version()), record));
			}
			replies.add(USER_TOUCH.start(redis, new String[] { this.keys.users(), this.keys.usersBuild() },
					user.userId(), Long.toString(user.version()),
					new UserRecord(user.version(), user.updatedAt(), user.membership()).encode()));
			if (!user.absentFrom().isEmpty()) {
				leaving.add(user);
			}
		}
		Duration within = bulk ? this.connector.bulkTimeout() : this.connector.timeout();
		this.guard.awaitAll(replies, within.multipliedBy(Math.max(1, replies.size() / 2000 + 1)));
		if (!leaving.isEmpty()) {
			List<RedisFuture<?>> removals = new ArrayList<>();
			for (UserScores user : leaving) {
				for (PeriodInstance board : user.absentFrom()) {
					removals.add(leave(redis, board, user.userId(), user.version()));
				}
			}
			this.guard.awaitAll(removals, within.multipliedBy(Math.max(1, removals.size() / 2000 + 1)));
		}
	}

	/**
	 * Writes users' state on one board (a rebuild's re-apply): on it where they count
	 * there with a total, off it otherwise. Bulk connection; versions recorded.
	 */
	public void applyBoard(Collection<UserScores> users, PeriodInstance board) {
		this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.bulk();
			BOARD_TOUCH.ensureLoaded(this.guard, redis);
			BOARD_LEAVE.ensureLoaded(this.guard, redis);
			List<RedisFuture<?>> replies = new ArrayList<>();
			for (UserScores user : users) {
				PeriodScore score = user.scores()
					.stream()
					.filter((s) -> s.instance().equals(board.global()))
					.findFirst()
					.orElse(null);
				if (score != null && user.membership().member(board.scope())) {
					replies.add(BOARD_TOUCH.start(redis,
							new String[] { this.keys.board(board), this.keys.boardBuild(board),
									this.keys.boardVersions(board) },
							score(BoardScore.encode(score.total(), score.reachedAt(), board)), user.userId(),
							Long.toString(ttl(board).toMillis()), Long.toString(user.version()), "1"));
				}
				else {
					replies.add(leave(redis, board, user.userId(), user.version()));
				}
			}
			this.guard.awaitAll(replies,
					this.connector.bulkTimeout().multipliedBy(Math.max(1, replies.size() / 2000 + 1)));
			return null;
		});
	}

	/** Takes a user off one board unless a newer state of theirs is there. */
	RedisFuture<?> leave(RedisAsyncCommands<String, String> redis, PeriodInstance board, String userId, long version) {
		return BOARD_LEAVE.start(redis,
				new String[] { this.keys.board(board), this.keys.boardBuild(board), this.keys.boardVersions(board) },
				userId, Long.toString(version), Long.toString(ttl(board).toMillis()));
	}

	/** A score as Redis parses it back exactly (scores are integers below 2^53). */
	private static String score(double score) {
		return Long.toString((long) score);
	}

	/** How long a board key lives: until its period is over, plus a day. */
	Duration ttl(PeriodInstance instance) {
		Duration left = Duration.between(this.clock.instant(), instance.end());
		return (left.isNegative() ? Duration.ZERO : left).plusDays(1);
	}

	// ---- rebuilds ----

	/**
	 * Loads a board into a build key in pipelined batches and swaps it in atomically when
	 * complete. Readers meanwhile keep seeing the previous board (or "not loaded"). The
	 * build key exists from the start, before the caller takes its PostgreSQL snapshot,
	 * so every update committed after the snapshot is also written into it
	 * (board_touch.lua); the batches use {@code ZADD LT} so the snapshot's older totals
	 * never replace those.
	 */
	public BoardBuild boardBuild(PeriodInstance instance) {
		return new BoardBuild(instance);
	}

	public final class BoardBuild {

		private final PeriodInstance instance;

		private final Pipeline pipeline;

		private List<ScoredValue<String>> batch = new ArrayList<>(BATCH);

		private long members;

		BoardBuild(PeriodInstance instance) {
			this.instance = instance;
			this.pipeline = new Pipeline(RedisBoards.this.connector.bulk());
			String build = RedisBoards.this.keys.boardBuild(instance);
			RedisBoards.this.guard.awaitAll(
					List.of(this.pipeline.redis.unlink(build),
							this.pipeline.redis.zadd(build, BoardScore.LOADED_SCORE, BoardScore.LOADED),
							this.pipeline.redis.pexpire(build, ttl(instance).toMillis())),
					RedisBoards.this.connector.bulkTimeout());
		}

		public void add(BoardRow row) {
			this.batch
				.add(ScoredValue.just(BoardScore.encode(row.total(), row.reachedAt(), this.instance), row.userId()));
			this.members++;
			if (this.batch.size() == BATCH) {
				flush();
			}
		}

		private void flush() {
			if (!this.batch.isEmpty()) {
				@SuppressWarnings("unchecked")
				ScoredValue<String>[] values = this.batch.toArray(new ScoredValue[0]);
				this.pipeline.send(this.pipeline.redis.zadd(RedisBoards.this.keys.boardBuild(this.instance),
						ZAddArgs.Builder.lt(), values));
				this.batch = new ArrayList<>(BATCH);
			}
		}

		/** Marks the build loaded and swaps it in. @return members loaded */
		public long complete() {
			flush();
			RedisKeys keys = RedisBoards.this.keys;
			String build = keys.boardBuild(this.instance);
			this.pipeline.send(this.pipeline.redis.zadd(build, BoardScore.LOADED_SCORE, BoardScore.LOADED));
			this.pipeline.send(this.pipeline.redis.pexpire(build, ttl(this.instance).toMillis()));
			this.pipeline.drain();
			SWAP.runBulk(RedisBoards.this.guard, this.pipeline.redis,
					new String[] { keys.board(this.instance), build, keys.boardOld(this.instance) });
			return this.members;
		}

	}

	/**
	 * Loads the user cache into a build key and swaps it in, as for boards: the build key
	 * exists from the start, concurrent updates are mirrored into it (user_touch.lua),
	 * and the batches keep any newer version found there (users_build_add.lua).
	 */
	public UsersBuild usersBuild() {
		return new UsersBuild();
	}

	public final class UsersBuild {

		private final Pipeline pipeline;

		private Map<String, String> batch = new HashMap<>();

		private long users;

		UsersBuild() {
			this.pipeline = new Pipeline(RedisBoards.this.connector.bulk());
			String build = RedisBoards.this.keys.usersBuild();
			USERS_BUILD_ADD.ensureLoaded(RedisBoards.this.guard, this.pipeline.redis);
			RedisBoards.this.guard.awaitAll(
					List.of(this.pipeline.redis.unlink(build),
							this.pipeline.redis.hset(build, BoardScore.LOADED, "loaded"),
							this.pipeline.redis.pexpire(build, USERS_BUILD_TTL.toMillis())),
					RedisBoards.this.connector.bulkTimeout());
		}

		public void add(String userId, long version, Instant updatedAt, Membership membership) {
			this.batch.put(userId, new UserRecord(version, updatedAt, membership).encode());
			this.users++;
			if (this.batch.size() == BATCH) {
				flush();
			}
		}

		private void flush() {
			if (!this.batch.isEmpty()) {
				String[] pairs = new String[this.batch.size() * 2];
				int i = 0;
				for (Map.Entry<String, String> entry : this.batch.entrySet()) {
					pairs[i++] = entry.getKey();
					pairs[i++] = entry.getValue();
				}
				this.pipeline.send(USERS_BUILD_ADD.start(this.pipeline.redis,
						new String[] { RedisBoards.this.keys.usersBuild() }, pairs));
				this.batch = new HashMap<>();
			}
		}

		public long complete() {
			flush();
			RedisKeys keys = RedisBoards.this.keys;
			this.pipeline.send(this.pipeline.redis.hset(keys.usersBuild(), BoardScore.LOADED, "loaded"));
			// the live user cache never expires; only an abandoned build does
			this.pipeline.send(this.pipeline.redis.persist(keys.usersBuild()));
			this.pipeline.drain();
			SWAP.runBulk(RedisBoards.this.guard, this.pipeline.redis,
					new String[] { keys.users(), keys.usersBuild(), keys.usersOld() });
			return this.users;
		}

	}

	/** Keeps up to {@link #IN_FLIGHT} batches on the wire: fast, with bounded memory. */
	private final class Pipeline {

		private final RedisAsyncCommands<String, String> redis;

		private final List<RedisFuture<?>> inFlight = new ArrayList<>();

		Pipeline(RedisAsyncCommands<String, String> redis) {
			this.redis = redis;
		}

		void send(RedisFuture<?> reply) {
			this.inFlight.add(reply);
			if (this.inFlight.size() >= IN_FLIGHT) {
				drain();
			}
		}

		void drain() {
			RedisBoards.this.guard.awaitAll(this.inFlight, RedisBoards.this.connector.bulkTimeout());
			this.inFlight.clear();
		}

	}

	// ---- state ----

	public boolean boardLoaded(PeriodInstance instance) {
		return this.guard.call(() -> this.guard
			.await(this.connector.interactive().zscore(this.keys.board(instance), BoardScore.LOADED)) != null);
	}

	/** The boards among these that are not loaded, in one pipelined round trip. */
	public List<PeriodInstance> unloaded(List<PeriodInstance> boards) {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.bulk();
			List<RedisFuture<Double>> markers = new ArrayList<>();
			for (PeriodInstance board : boards) {
				markers.add(redis.zscore(this.keys.board(board), BoardScore.LOADED));
			}
			this.guard.awaitAll(markers, this.connector.bulkTimeout());
			List<PeriodInstance> unloaded = new ArrayList<>();
			for (int i = 0; i < boards.size(); i++) {
				if (this.guard.await(markers.get(i)) == null) {
					unloaded.add(boards.get(i));
				}
			}
			return unloaded;
		});
	}

	public boolean usersLoaded() {
		return this.guard
			.call(() -> this.guard.await(this.connector.interactive().hexists(this.keys.users(), BoardScore.LOADED)));
	}

	/** Members of a loaded board; empty when it is not loaded. */
	public OptionalLong boardMembers(PeriodInstance instance) {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.interactive();
			RedisFuture<Double> marker = redis.zscore(this.keys.board(instance), BoardScore.LOADED);
			RedisFuture<Long> card = redis.zcard(this.keys.board(instance));
			this.guard.awaitAll(List.of(marker, card));
			return (this.guard.await(marker) == null) ? OptionalLong.empty()
					: OptionalLong.of(this.guard.await(card) - 1);
		});
	}

	public long cachedUsers() {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.interactive();
			RedisFuture<Long> size = redis.hlen(this.keys.users());
			RedisFuture<Boolean> marker = redis.hexists(this.keys.users(), BoardScore.LOADED);
			this.guard.awaitAll(List.of(size, marker));
			return this.guard.await(size) - (this.guard.await(marker) ? 1 : 0);
		});
	}

	/**
	 * Up to {@code count} random members of a board with their totals (drift samples).
	 */
	public Map<String, Long> sample(PeriodInstance instance, int count) {
		return this.guard.call(() -> {
			Map<String, Long> sample = new HashMap<>();
			for (ScoredValue<String> value : this.guard
				.await(this.connector.bulk().zrandmemberWithScores(this.keys.board(instance), count))) {
				if (!BoardScore.LOADED.equals(value.getValue())) {
					sample.put(value.getValue(), BoardScore.total(value.getScore()));
				}
			}
			return sample;
		});
	}

	/** Totals of the given users on a board (users not on it are absent). */
	public Map<String, Long> totals(PeriodInstance instance, List<String> userIds) {
		return this.guard.call(() -> {
			Map<String, Long> totals = new HashMap<>();
			if (userIds.isEmpty()) {
				return totals;
			}
			List<Double> scores = this.guard
				.await(this.connector.bulk().zmscore(this.keys.board(instance), userIds.toArray(String[]::new)));
			for (int i = 0; i < userIds.size(); i++) {
				if (scores.get(i) != null) {
					totals.put(userIds.get(i), BoardScore.total(scores.get(i)));
				}
			}
			return totals;
		});
	}

	public boolean ping() {
		try {
			return "PONG".equals(this.guard.await(this.connector.interactive().ping()));
		}
		catch (RedisUnavailableException ex) {
			return false;
		}
	}

	public long usedMemory() {
		return this.guard.call(() -> {
			String info = this.guard.await(this.connector.interactive().info("memory"));
			return info.lines()
				.filter((line) -> line.startsWith("used_memory:"))
				.mapToLong((line) -> Long.parseLong(line.substring("used_memory:".length()).trim()))
				.findFirst()
				.orElse(0);
		});
	}

	// ---- locks and cleanup ----

	/** Takes a lock for {@code ttl}; returns the token needed to release it. */
	public Optional<String> tryLock(String key, Duration ttl) {
		return this.guard.call(() -> {
			String token = UUID.randomUUID().toString();
			String reply = this.guard
				.awaitBulk(this.connector.bulk().set(key, token, SetArgs.Builder.nx().px(ttl.toMillis())));
			return "OK".equals(reply) ? Optional.of(token) : Optional.empty();
		});
	}

	public void unlock(String key, String token) {
		this.guard.call(() -> UNLOCK.runBulk(this.guard, this.connector.bulk(), new String[] { key }, token));
	}

	public void renewLock(String key, String token, Duration ttl) {
		this.guard.call(() -> RENEW_LOCK.runBulk(this.guard, this.connector.bulk(), new String[] { key }, token,
				Long.toString(ttl.toMillis())));
	}

	public boolean locked(String key) {
		return this.guard.call(() -> this.guard.awaitBulk(this.connector.bulk().exists(key)) > 0);
	}

	/** Deletes every key under this service's prefix (SCAN + UNLINK, never FLUSHDB). */
	public long deleteOwnKeys() {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.bulk();
			ScanArgs match = ScanArgs.Builder.matches(this.keys.ownKeysPattern()).limit(1000);
			ScanCursor cursor = ScanCursor.INITIAL;
			long deleted = 0;
			do {
				KeyScanCursor<String> page = this.guard.await(redis.scan(cursor, match));
				if (!page.getKeys().isEmpty()) {
					deleted += this.guard.await(redis.unlink(page.getKeys().toArray(String[]::new)));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
			return deleted;
		});
	}

}
