/**
 * Redis: connections (configured or embedded), the key layout, the score encoding and
 * every command and Lua script, in {@link app.leaderboard.redis.RedisBoards}.
 */
package app.leaderboard.redis;
