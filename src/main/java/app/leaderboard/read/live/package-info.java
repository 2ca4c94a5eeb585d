/**
 * Live boards: {@code GET /api/redis-leaderboard/{period}/events}, a server-sent event
 * stream of a board's first entries whenever they change (docs/api.md), fed by the Redis
 * board-change channel so that an update taken by any instance reaches every open page.
 */
@NullMarked
package app.leaderboard.read.live;

import org.jspecify.annotations.NullMarked;
