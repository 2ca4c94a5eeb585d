/**
 * Keeping Redis equal to PostgreSQL: full rebuilds with atomic swaps, one load per cold
 * board, the outbox relay, and the drift check.
 */
package app.leaderboard.cache;
