/**
 * Keeping Redis equal to PostgreSQL: full rebuilds with atomic swaps, one load per cold
 * board, the outbox relay, and the drift check.
 */
@NullMarked
package app.leaderboard.cache;

import org.jspecify.annotations.NullMarked;
