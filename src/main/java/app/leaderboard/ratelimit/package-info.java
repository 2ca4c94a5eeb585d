/**
 * The per-user update rate limit ({@code LEADERBOARD_RATE_LIMIT_PER_MINUTE}): a token
 * bucket per user in Redis (bucket4j), shared by every instance, and an in-process bucket
 * per user while Redis is down.
 */
@NullMarked
package app.leaderboard.ratelimit;

import org.jspecify.annotations.NullMarked;
