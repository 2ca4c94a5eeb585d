/**
 * Live reads as server-sent events (docs/api.md): the live boards, {@code GET
 * /api/redis-leaderboard/{period}/events}, a board's first entries whenever they change,
 * and the personal feeds, {@code GET /api/redis-leaderboard/user/{user_id}/events}, one
 * user's rank whenever it changes. Both are fed by the Redis board-change channel, so
 * that an update taken by any instance reaches every open stream, and share the places of
 * {@code StreamPlaces}: so many per instance, so many per client.
 */
@NullMarked
package app.leaderboard.read.live;

import org.jspecify.annotations.NullMarked;
