/**
 * The leaderboard service: daily, weekly, monthly and yearly boards of pomodoro counts.
 * Features live in their own packages ({@code update} writes, {@code read} reads,
 * {@code sync} keeps Redis equal to PostgreSQL, {@code operate} serves operators,
 * {@code league} answers the league reads), on the shared words of {@code core} and the
 * settings of {@code config}; storage in {@code store.postgres} and {@code store.redis};
 * HTTP concerns in {@code http}. The README's package map says more; the architecture
 * test keeps it true.
 */
@NullMarked
package app.leaderboard;

import org.jspecify.annotations.NullMarked;
