/**
 * The boards and the user cache as Redis holds them: the score encoding
 * ({@link BoardScore}), the request path's reads, the writes of users' absolute state,
 * erasure, the streak lists ({@link RedisStreaks}, {@link StreakWrites}), inspection for
 * maintenance, and the memory gauges.
 */
@NullMarked
package app.leaderboard.store.redis.board;

import org.jspecify.annotations.NullMarked;
