package app.leaderboard.store.redis.board;

import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * Erases one user from Redis (contract 7.2): every member and field named after them in
 * every key of this service (current, past and scoped boards, build keys, membership
 * guards, the user cache) and every key named after them (their rate limit). It walks the
 * service's keys with SCAN rather than guessing which boards the user was on: a user may
 * have left scopes that no longer appear anywhere in PostgreSQL. An admin operation, so a
 * walk over the few thousand board keys is affordable.
 */
public class RedisErasure {

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	public RedisErasure(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	/**
	 * @param bulk on the maintenance connection (the relay); otherwise on the request
	 * one, whose short timeouts keep an admin request from waiting on a hung Redis
	 * @return how many keys lost the user (or were the user's)
	 */
	public long erase(String userId, boolean bulk) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = bulk ? this.connector.bulk()
					: this.connector.interactive();
			ScanArgs match = ScanArgs.Builder.matches(this.keys.ownKeysPattern()).limit(1000);
			long touched = 0;
			// every master's keyspace (a cluster's too); the removals go through the
			// routing connection, one key each
			for (RedisClusterAsyncCommands<String, String> master : this.connector.masters()) {
				ScanCursor cursor = ScanCursor.INITIAL;
				do {
					RedisFuture<KeyScanCursor<String>> scan = master.scan(cursor, match);
					KeyScanCursor<String> page = bulk ? this.guard.awaitBulk(scan) : this.guard.await(scan);
					touched += erase(redis, page.getKeys(), userId, bulk);
					cursor = page;
				}
				while (!cursor.isFinished());
			}
			return touched;
		});
	}

	private long erase(RedisClusterAsyncCommands<String, String> redis, List<String> names, String userId,
			boolean bulk) {
		Duration within = bulk ? this.connector.bulkTimeout() : this.connector.timeout();
		List<RedisFuture<String>> types = new ArrayList<>();
		for (String name : names) {
			types.add(redis.type(name));
		}
		this.guard.awaitAll(types, within);
		List<RedisFuture<Long>> removals = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			String type = this.guard.await(types.get(i));
			if (name.equals(this.keys.rateLimit(userId))) {
				removals.add(redis.unlink(name));
			}
			else if ("zset".equals(type)) {
				removals.add(redis.zrem(name, userId));
			}
			else if ("hash".equals(type)) {
				removals.add(redis.hdel(name, userId));
			}
		}
		this.guard.awaitAll(removals, within);
		long touched = 0;
		for (RedisFuture<Long> removal : removals) {
			touched += (this.guard.await(removal) > 0) ? 1 : 0;
		}
		return touched;
	}

}
