/**
 * Recording pomodoros: the update endpoint, its validation and idempotency, and the write
 * path (PostgreSQL with an outbox row, then Redis).
 */
@NullMarked
package app.leaderboard.score;

import org.jspecify.annotations.NullMarked;
