package app.leaderboard.store.redis.board;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.PeriodScore;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * Writes users' absolute state from PostgreSQL into the boards and the user cache. Writes
 * are guarded ({@code ZADD LT} on the negative scores, a version check for the user
 * cache), so a late, retried or replayed write can never move Redis backwards.
 */
public class RedisBoardWrites {

	private static final LuaScript USER_TOUCH = LuaScript.load("user_touch.lua", ScriptOutputType.INTEGER);

	private static final LuaScript BOARD_TOUCH = LuaScript.load("board_touch.lua", ScriptOutputType.INTEGER,
			"checksum.lua");

	private static final LuaScript BOARD_LEAVE = LuaScript.load("board_leave.lua", ScriptOutputType.INTEGER,
			"checksum.lua");

	/**
	 * board_touch.lua's mode for an id recorded anew after an erasure: its state replaces
	 * what Redis may still hold of the erased user instead of merging with it.
	 */
	private static final String REBORN = "2";

	/**
	 * user_touch.lua's answer for an entry that took the place of one with another name.
	 */
	private static final Long RENAMED = 2L;

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final Clock clock;

	private final StreakWrites streaks;

	private final RedisGenerations generations;

	public RedisBoardWrites(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock,
			StreakWrites streaks, RedisGenerations generations) {
		this.generations = generations;
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
		this.clock = clock;
		this.streaks = streaks;
	}

	/**
	 * Writes users' absolute state from PostgreSQL. Safe to repeat and to reorder: each
	 * board entry only moves up ({@code ZADD LT}), the cache entry only to a newer
	 * version, and nothing older than the user's erasure is written (the tombstones of
	 * {@link RedisErasure}). A rebuild running meanwhile gets the same writes in its
	 * build key (see board_touch.lua), so its swap never shows an older total than
	 * readers saw before.
	 * @param bulk use the maintenance connection (relay, rebuilds) instead of the request
	 * one
	 */
	public void apply(Collection<UserScores> users, boolean bulk) {
		this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = bulk ? this.connector.bulk()
					: this.connector.interactive();
			// each script is sent in full to a node that forgot it (restarted, flushed or
			// promoted since): LuaScript.send, no SCRIPT LOAD to every node first
			applyOnce(redis, users, bulk);
			return null;
		});
	}

	private void applyOnce(RedisClusterAsyncCommands<String, String> redis, Collection<UserScores> users,
			boolean bulk) {
		// joins and the user's record first, removals after: a user who moves between
		// scopes is on the new scope's boards before the old ones lose them, and both are
		// done before the update is acknowledged (docs/consistency.md)
		BoardTouches touches = new BoardTouches();
		List<Future<?>> replies = new ArrayList<>();
		List<Future<Long>> records = new ArrayList<>();
		List<UserScores> leaving = new ArrayList<>();
		for (UserScores user : users) {
			// a move records the version in its new boards' guards, so that a late
			// removal of an older state cannot undo it (an entry that exists is always
			// updated)
			String record = (user.rebornAfter() > 0) ? REBORN : user.left().isEmpty() ? "0" : "1";
			for (PeriodScore score : user.boardScores()) {
				touches.add(score.instance(), score, user, record);
			}
			records.add(USER_TOUCH.send(redis,
					new String[] { this.keys.users(user.userId()),
							this.keys.usersBucketBuild(RedisKeys.userBucket(user.userId())),
							this.keys.usersBucketErased(RedisKeys.userBucket(user.userId())) },
					user.userId(), Long.toString(user.version()),
					new UserRecord(user.version(), user.updatedAt(), user.membership(), user.profile()).encode()));
			if (!user.absentFrom().isEmpty()) {
				leaving.add(user);
			}
		}
		replies.addAll(records);
		replies.addAll(touches.send(redis));
		replies.addAll(this.streaks.send(redis, users));
		Duration within = bulk ? this.connector.bulkTimeout() : this.connector.timeout();
		this.guard.awaitAll(replies, within.multipliedBy(Math.max(1, replies.size() / 2000 + 1)));
		List<Future<?>> after = new ArrayList<>();
		// a name changed in the user cache changes every listing that shows it: once the
		// cache holds it, and before the answer, the names get a new generation, which
		// gives up the pages the near cache keeps. A bulk write (the relay, a re-apply)
		// gives one whatever it wrote: it may finish a write whose own one was lost
		if (!users.isEmpty() && (bulk || records.stream().anyMatch((r) -> RENAMED.equals(this.guard.await(r))))) {
			after.add(this.generations.namesChanged(redis));
		}
		for (UserScores user : leaving) {
			for (PeriodInstance board : user.absentFrom()) {
				after.add(leave(redis, board, user.userId(), user.version()));
			}
		}
		this.guard.awaitAll(after, within.multipliedBy(Math.max(1, after.size() / 2000 + 1)));
	}

	/**
	 * Writes users' state on one board (a rebuild's re-apply): on it where they count
	 * there with a total, off it otherwise (guarded, the removal recorded). Bulk
	 * connection.
	 */
	public void applyBoard(Collection<UserScores> users, PeriodInstance board) {
		this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.bulk();
			applyBoardOnce(redis, users, board);
			return null;
		});
	}

	private void applyBoardOnce(RedisClusterAsyncCommands<String, String> redis, Collection<UserScores> users,
			PeriodInstance board) {
		BoardTouches touches = new BoardTouches();
		List<Future<?>> replies = new ArrayList<>();
		for (UserScores user : users) {
			PeriodScore score = user.scores()
				.stream()
				.filter((s) -> s.instance().equals(board.global()))
				.findFirst()
				.orElse(null);
			if (score != null && user.membership().member(board.scope())) {
				touches.add(board, score, user, (user.rebornAfter() > 0) ? REBORN : "0");
			}
			else {
				replies.add(leave(redis, board, user.userId(), user.version()));
			}
		}
		replies.addAll(touches.send(redis));
		this.guard.awaitAll(replies, this.connector.bulkTimeout().multipliedBy(Math.max(1, replies.size() / 2000 + 1)));
	}

	/**
	 * Gives a board that a rebuild swapped in (which deleted its generation) a new
	 * generation, once the rebuild's re-apply is done, so that the near cache keeps its
	 * pages again before its next update. Bulk connection. The rebuild is done either
	 * way: without a generation the board is only read as if there were no near cache,
	 * until its next write makes one.
	 */
	public void rebuilt(PeriodInstance board) {
		try {
			this.generations.make(board, ttl(board));
		}
		catch (RedisUnavailableException ex) {
			// nothing kept is served meanwhile: see above
		}
	}

	/**
	 * Makes every join of the board record its version for {@code within}: call it before
	 * reading the users' states that {@link #applyBoard} then writes, so that a user
	 * whose newer state joins the board meanwhile is not taken off by the removal of the
	 * older one (board_touch.lua, docs/consistency.md). Waits until Redis took it.
	 */
	public void recordJoins(PeriodInstance board, Duration within) {
		this.guard.call(() -> this.guard.awaitBulk(
				this.connector.bulk().set(this.keys.boardJoins(board), "1", SetArgs.Builder.px(within.toMillis()))));
	}

	/**
	 * Users' totals grouped by board for board_touch.lua: a batch costs one script per
	 * board instead of one per user and board, in chunks that keep each script short.
	 */
	private final class BoardTouches {

		/**
		 * Users per script: a few hundred guarded ZADDs keep Redis's other clients
		 * waiting well under a millisecond.
		 */
		private static final int USERS_PER_SCRIPT = 200;

		/** Per board: its time to live, then five values per user (board_touch.lua). */
		private final Map<PeriodInstance, List<String>> byBoard = new LinkedHashMap<>();

		void add(PeriodInstance board, PeriodScore score, UserScores user, String record) {
			List<String> args = this.byBoard.computeIfAbsent(board,
					(b) -> new ArrayList<>(List.of(Long.toString(ttl(b).toMillis()))));
			args.add(score(BoardScore.encode(score.total(), score.reachedAt(), board)));
			args.add(user.userId());
			args.add(Long.toString(user.version()));
			args.add(record);
			args.add(BoardChecksum.scriptId(BoardChecksum.key(user.userId()), board.scope()));
		}

		List<Future<?>> send(RedisClusterAsyncCommands<String, String> redis) {
			List<Future<?>> replies = new ArrayList<>();
			int perScript = USERS_PER_SCRIPT * 5;
			this.byBoard.forEach((board, args) -> {
				String[] boardKeys = { RedisBoardWrites.this.keys.board(board),
						RedisBoardWrites.this.keys.boardBuild(board), RedisBoardWrites.this.keys.boardVersions(board),
						RedisBoardWrites.this.keys.boardErased(board), RedisBoardWrites.this.keys.boardJoins(board),
						RedisBoardWrites.this.keys.boardSum(board), RedisBoardWrites.this.keys.boardCheck(board),
						RedisBoardWrites.this.keys.boardBuildCheck(board),
						RedisBoardWrites.this.keys.boardBuildTouched(board),
						RedisBoardWrites.this.keys.boardGeneration(board) };
				List<CompletableFuture<Object>> touched = new ArrayList<>();
				for (int from = 1; from < args.size(); from += perScript) {
					List<String> chunk = new ArrayList<>(perScript + 1);
					chunk.add(args.get(0));
					chunk.addAll(args.subList(from, Math.min(args.size(), from + perScript)));
					touched.add(BOARD_TOUCH.send(redis, boardKeys, chunk.toArray(String[]::new)));
				}
				replies.addAll(touched);
				// a new generation when the scripts deleted it (read.NearCache), asked
				// for
				// once their replies are in, as for a removal (leave)
				replies.add(CompletableFuture.allOf(touched.toArray(CompletableFuture[]::new))
					.thenCompose((done) -> RedisBoardWrites.this.generations.make(redis, board, ttl(board))));
			});
			return replies;
		}

	}

	/**
	 * Takes a user off one board unless a newer state of theirs is there, then makes the
	 * board a new generation if the removal deleted it (read.NearCache). The generation
	 * is asked for once the removal's reply is in, not pipelined behind it: a Redis that
	 * forgot the script answers the first try NOSCRIPT and runs the script in full after
	 * what was pipelined behind it, whose new generation the removal would then delete
	 * (safe, but the board would not be kept until a later writer made one, which may be
	 * a background one that nothing waits for). One round trip more per write; updates do
	 * the same (BoardTouches).
	 */
	private Future<?> leave(RedisClusterAsyncCommands<String, String> redis, PeriodInstance board, String userId,
			long version) {
		CompletableFuture<Object> left = BOARD_LEAVE.send(redis,
				new String[] { this.keys.board(board), this.keys.boardBuild(board), this.keys.boardVersions(board),
						this.keys.boardErased(board), this.keys.boardSum(board), this.keys.boardCheck(board),
						this.keys.boardBuildCheck(board), this.keys.boardGeneration(board) },
				userId, Long.toString(version), Long.toString(ttl(board).toMillis()),
				BoardChecksum.scriptId(BoardChecksum.key(userId), board.scope()));
		return left.thenCompose((reply) -> this.generations.make(redis, board, ttl(board)));
	}

	/** A score as Redis parses it back exactly (scores are integers below 2^53). */
	public static String score(double score) {
		return Long.toString((long) score);
	}

	Duration ttl(PeriodInstance instance) {
		return BoardTtl.of(this.clock, instance);
	}

}
