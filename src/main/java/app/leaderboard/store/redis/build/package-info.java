/**
 * Rebuilds: a board or the user cache loaded from PostgreSQL into a build key in
 * pipelined batches and swapped in atomically when complete, so readers never see a
 * partial board.
 */
@NullMarked
package app.leaderboard.store.redis.build;

import org.jspecify.annotations.NullMarked;
