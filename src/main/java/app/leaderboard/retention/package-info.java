/**
 * Retention: daily totals older than LEADERBOARD_DAILY_RETENTION_DAYS are deleted in the
 * background, in small batches, by one instance at a time.
 */
package app.leaderboard.retention;
