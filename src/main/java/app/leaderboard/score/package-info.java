/**
 * Recording pomodoros: the update endpoint, its validation and idempotency, and the write
 * path (PostgreSQL with an outbox row, then Redis).
 */
package app.leaderboard.score;
