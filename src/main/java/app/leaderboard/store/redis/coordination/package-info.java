/**
 * What several service instances agree on through Redis: locks on the keys being built,
 * leases on background jobs, the board-changed channel, the reset schedule and small
 * shared values.
 */
@NullMarked
package app.leaderboard.store.redis.coordination;

import org.jspecify.annotations.NullMarked;
