/**
 * The leaderboard's own words, shared by every layer: periods (a clock and a zone decide
 * which daily, weekly, monthly and yearly board a moment belongs to), scopes, a user's
 * totals per period instance ({@link app.leaderboard.core.UserScores}), a board row, the
 * stats body of update and user reads, and the limits of a score. Plain values that
 * depend on nothing but configuration, so that the stores and the features share them
 * without importing one another.
 */
@NullMarked
package app.leaderboard.core;

import org.jspecify.annotations.NullMarked;
