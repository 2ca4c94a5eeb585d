/**
 * The leaderboard service: daily, weekly, monthly and yearly boards of pomodoro counts.
 * Features live in their own packages ({@code score} writes, {@code board} reads,
 * {@code cache} keeps Redis equal to PostgreSQL, {@code admin} serves operators);
 * infrastructure in {@code postgres} and {@code redis}.
 */
@NullMarked
package app.leaderboard;

import org.jspecify.annotations.NullMarked;
