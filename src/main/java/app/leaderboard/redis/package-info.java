/**
 * Redis: connections (configured or embedded), the key layout ({@link RedisKeys}), the
 * score encoding ({@link BoardScore}) and every command and Lua script, one class per
 * job: request reads ({@link RedisBoardReads}), writes ({@link RedisBoardWrites}),
 * rebuilds ({@link RedisBuilds}, {@link KeyBuild}), locks ({@link RedisLocks}),
 * inspection and clean-up ({@link RedisInspection}) and the health probe
 * ({@link RedisHealthIndicator}).
 */
package app.leaderboard.redis;
