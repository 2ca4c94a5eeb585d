/**
 * Reading boards: pages with competition ranks, user stats and ranks, the streak list,
 * the names on every listing, from Redis with a PostgreSQL fallback, and the cache
 * hit/miss counts.
 */
@NullMarked
package app.leaderboard.read;

import org.jspecify.annotations.NullMarked;
