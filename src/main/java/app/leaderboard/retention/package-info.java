/**
 * Retention: daily totals older than LEADERBOARD_DAILY_RETENTION_DAYS are deleted in the
 * background, in small batches, by one instance at a time.
 */
@NullMarked
package app.leaderboard.retention;

import org.jspecify.annotations.NullMarked;
