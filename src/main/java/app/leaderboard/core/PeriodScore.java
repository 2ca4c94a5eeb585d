package app.leaderboard.core;

import java.time.Instant;

/** A user's total on one board, and when it was reached (the tie-break). */
public record PeriodScore(PeriodInstance instance, long total, Instant reachedAt) {
}
