package app.leaderboard.totals;

import java.time.Instant;

import app.leaderboard.period.PeriodInstance;

/** A user's total on one board, and when it was reached (the tie-break). */
public record PeriodScore(PeriodInstance instance, long total, Instant reachedAt) {
}
