package app.leaderboard.store.redis.board;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.Erasure;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * Erases one user from Redis (docs/consistency.md, "Erasure"), by what their own record
 * says rather than by a walk over the keyspace: the boards of every scope the erasure
 * names that Redis may still hold (each period's current board, the one that just ended
 * and the one before it, which lives a day into the current period), their user cache
 * bucket and their rate limit. One script per board, so an erasure costs Redis the same
 * few dozen commands however many keys and users it holds. Each script leaves a tombstone
 * with the erasure's version, which keeps out every late write of an older state and
 * every rebuild batch read before the erasure, and spares a state of the id recorded anew
 * since.
 */
public class RedisErasure {

	private static final LuaScript BOARD_ERASE = LuaScript.load("board_erase.lua", ScriptOutputType.INTEGER,
			"checksum.lua");

	private static final LuaScript USER_ERASE = LuaScript.load("user_erase.lua", ScriptOutputType.INTEGER);

	/**
	 * How long tombstones live: far longer than any request, relay batch, re-apply or
	 * rebuild that may have read the user before the erasure and writes after it.
	 */
	static final Duration TOMBSTONE = Duration.ofDays(1);

	/** Board instances of each period Redis may hold: current, last, the one before. */
	private static final int INSTANCES = 3;

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final Periods periods;

	private final StreakWrites streaks;

	public RedisErasure(RedisConnector connector, RedisGuard guard, RedisKeys keys, Periods periods,
			StreakWrites streaks) {
		this.streaks = streaks;
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
		this.periods = periods;
	}

	/**
	 * Carries out an erasure in Redis; safe to repeat, and to run after the id was
	 * recorded anew (the new state, of a higher version, stays).
	 * @param bulk on the maintenance connection (the relay); otherwise on the request
	 * one, whose short timeouts keep an admin request from waiting on a hung Redis
	 * @return how many boards and cache entries lost the user
	 */
	public long erase(Erasure erasure, boolean bulk) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = bulk ? this.connector.bulk()
					: this.connector.interactive();
			String userId = erasure.userId();
			String[] args = { userId, Long.toString(erasure.version()),
					Long.toString(this.periods.now().toEpochMilli()), Long.toString(TOMBSTONE.toMillis()) };
			List<Future<Long>> replies = new ArrayList<>();
			long checkKey = BoardChecksum.key(userId);
			for (PeriodInstance board : boards(erasure)) {
				String build = this.keys.boardBuild(board);
				String tombstones = this.keys.boardErased(board);
				String[] boardArgs = Arrays.copyOf(args, args.length + 1);
				boardArgs[args.length] = BoardChecksum.scriptId(checkKey, board.scope());
				replies.add(BOARD_ERASE.send(redis,
						new String[] { this.keys.board(board), build, this.keys.boardVersions(board), tombstones,
								RedisKeys.tombstonesDue(tombstones), RedisKeys.erasedDuringBuild(build),
								this.keys.boardSum(board), this.keys.boardCheck(board),
								this.keys.boardBuildCheck(board), this.keys.boardGeneration(board) },
						boardArgs));
			}
			int bucket = RedisKeys.userBucket(userId);
			String build = this.keys.usersBucketBuild(bucket);
			String tombstones = this.keys.usersBucketErased(bucket);
			replies.add(
					USER_ERASE
						.send(redis,
								new String[] { this.keys.usersBucket(bucket), build, tombstones,
										RedisKeys.tombstonesDue(tombstones), RedisKeys.erasedDuringBuild(build) },
								args));
			RedisFuture<Long> rateLimit = redis.unlink(this.keys.rateLimit(userId));
			Duration within = bulk ? this.connector.bulkTimeout() : this.connector.timeout();
			List<Future<?>> all = new ArrayList<>(replies);
			all.add(rateLimit);
			Set<Scope> scopes = new LinkedHashSet<>(erasure.scopes());
			scopes.add(Scope.GLOBAL);
			all.addAll(this.streaks.erase(redis, userId, erasure.version(), scopes));
			this.guard.awaitAll(all, within);
			long erased = 0;
			for (Future<Long> reply : replies) {
				erased += this.guard.await(reply);
			}
			return erased;
		});
	}

	/** Every board the erasure's scopes have in Redis's keeping. */
	List<PeriodInstance> boards(Erasure erasure) {
		Set<Scope> scopes = new LinkedHashSet<>(erasure.scopes());
		scopes.add(Scope.GLOBAL);
		List<PeriodInstance> boards = new ArrayList<>();
		for (Period period : Period.values()) {
			PeriodInstance instance = this.periods.current(period);
			for (int i = 0; i < INSTANCES; i++) {
				for (Scope scope : scopes) {
					boards.add(instance.in(scope));
				}
				instance = this.periods.previous(instance);
			}
		}
		return boards;
	}

}
