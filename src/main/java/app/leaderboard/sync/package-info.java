/**
 * Keeping Redis equal to PostgreSQL: full rebuilds with atomic swaps, one load per cold
 * board, the outbox relay, the drift check, start-up and topology repair, and retention
 * (daily totals past {@code LEADERBOARD_DAILY_RETENTION_DAYS} deleted in small batches by
 * one instance at a time).
 */
@NullMarked
package app.leaderboard.sync;

import org.jspecify.annotations.NullMarked;
