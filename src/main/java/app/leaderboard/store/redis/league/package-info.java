/**
 * League listings in Redis: each group's listed members (with their results once fixed)
 * and a season's user-to-group lookup, both cached from PostgreSQL for a short time; the
 * members' scores are read live from the season's board. See docs/consistency.md, "League
 * listings".
 */
@NullMarked
package app.leaderboard.store.redis.league;

import org.jspecify.annotations.NullMarked;
