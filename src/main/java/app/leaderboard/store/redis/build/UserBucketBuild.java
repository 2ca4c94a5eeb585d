package app.leaderboard.store.redis.build;

import java.util.List;
import java.util.concurrent.Future;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

import app.leaderboard.core.UserRow;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.board.UserRecord;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * One bucket of the user cache being loaded from PostgreSQL. The batches keep any newer
 * version that an update wrote into the build key meanwhile (users_build_add.lua).
 */
final class UserBucketBuild extends KeyBuild<UserRow> {

	private static final LuaScript USERS_BUILD_ADD = LuaScript.load("users_build_add.lua", ScriptOutputType.INTEGER);

	UserBucketBuild(RedisConnector connector, RedisGuard guard, RedisKeys keys, int bucket) {
		super(connector, guard, keys.usersBucket(bucket), keys.usersBucketBuild(bucket), keys.usersBucketOld(bucket));
	}

	@Override
	RedisFuture<?> mark() {
		return redis().hset(this.build, BoardScore.LOADED, "loaded");
	}

	@Override
	long liveTtlMillis() {
		// the live user cache never expires; only an abandoned build does
		return 0;
	}

	@Override
	Future<?> write(List<UserRow> rows) {
		String[] pairs = new String[rows.size() * 2];
		int i = 0;
		for (UserRow row : rows) {
			pairs[i++] = row.userId();
			pairs[i++] = new UserRecord(row.version(), row.updatedAt(), row.membership(), row.profile()).encode();
		}
		return USERS_BUILD_ADD.send(redis(), new String[] { this.build, this.owner, this.erased }, withToken(pairs));
	}

}
