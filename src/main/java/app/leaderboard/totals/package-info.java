/**
 * Users' totals as every layer sees them: a user's totals per period instance
 * ({@link app.leaderboard.totals.UserScores}), a board row, and the stats body of update
 * and user reads. Plain records that depend on {@code period} only, so that the stores
 * ({@code postgres}, {@code redis}) and the features ({@code score}, {@code board}) share
 * them without importing one another.
 */
package app.leaderboard.totals;
