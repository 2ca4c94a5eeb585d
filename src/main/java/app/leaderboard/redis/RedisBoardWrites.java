package app.leaderboard.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.period.PeriodInstance;
import app.leaderboard.totals.PeriodScore;
import app.leaderboard.totals.UserScores;

/**
 * Writes users' absolute state from PostgreSQL into the boards and the user cache. Writes
 * are guarded ({@code ZADD LT} on the negative scores, a version check for the user
 * cache), so a late, retried or replayed write can never move Redis backwards.
 */
public class RedisBoardWrites {

	private static final LuaScript USER_TOUCH = LuaScript.load("user_touch.lua", ScriptOutputType.INTEGER);

	private static final LuaScript BOARD_TOUCH = LuaScript.load("board_touch.lua", ScriptOutputType.INTEGER);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final Clock clock;

	public RedisBoardWrites(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
		this.clock = clock;
	}

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
			RedisClusterAsyncCommands<String, String> redis = bulk ? this.connector.bulk()
					: this.connector.interactive();
			try {
				applyOnce(redis, users, bulk);
			}
			catch (RedisNoScriptException ex) {
				// a restarted or flushed Redis forgot the scripts; writes are idempotent
				BOARD_TOUCH.ensureLoaded(this.guard, redis);
				USER_TOUCH.ensureLoaded(this.guard, redis);
				applyOnce(redis, users, bulk);
			}
			return null;
		});
	}

	private void applyOnce(RedisClusterAsyncCommands<String, String> redis, Collection<UserScores> users,
			boolean bulk) {
		List<RedisFuture<?>> replies = new ArrayList<>();
		for (UserScores user : users) {
			for (PeriodScore score : user.scores()) {
				replies.add(BOARD_TOUCH.start(redis,
						new String[] { this.keys.board(score.instance()), this.keys.boardBuild(score.instance()) },
						score(BoardScore.encode(score.total(), score.reachedAt(), score.instance())), user.userId(),
						Long.toString(ttl(score.instance()).toMillis())));
			}
			replies.add(USER_TOUCH.start(redis,
					new String[] { this.keys.users(user.userId()),
							this.keys.usersBucketBuild(RedisKeys.userBucket(user.userId())) },
					user.userId(), Long.toString(user.version()),
					user.version() + ":" + user.updatedAt().toEpochMilli()));
		}
		Duration within = bulk ? this.connector.bulkTimeout() : this.connector.timeout();
		this.guard.awaitAll(replies, within.multipliedBy(Math.max(1, replies.size() / 2000 + 1)));
	}

	/** A score as Redis parses it back exactly (scores are integers below 2^53). */
	private static String score(double score) {
		return Long.toString((long) score);
	}

	Duration ttl(PeriodInstance instance) {
		return BoardTtl.of(this.clock, instance);
	}

}
