/**
 * Reaching Redis: the connections of each deployment (single node, Cluster, Sentinel, or
 * the embedded server), the guard every call goes through (timeouts and the circuit
 * breaker), the key layout ({@link RedisKeys}), the Lua scripts, health and the up gauge.
 */
@NullMarked
package app.leaderboard.store.redis.connection;

import org.jspecify.annotations.NullMarked;
