/**
 * Recording pomodoros: the update endpoint, its validation and idempotency, the group
 * commit that writes a batch to PostgreSQL with its outbox rows and then to Redis, and
 * the per-user rate limit ({@code LEADERBOARD_RATE_LIMIT_PER_MINUTE}: a token bucket per
 * user in Redis through bucket4j, shared by every instance, and one in process while
 * Redis is down).
 */
@NullMarked
package app.leaderboard.update;

import org.jspecify.annotations.NullMarked;
