/**
 * League listings in Redis: each group's listed members (with their results once fixed)
 * and a season's user-to-group lookup, both cached from PostgreSQL until one season after
 * their season's end and dropped by every change and by the league check; the members'
 * scores are read live from the season's board. See docs/consistency.md, "League
 * listings".
 */
@NullMarked
package app.leaderboard.store.redis.league;

import org.jspecify.annotations.NullMarked;
