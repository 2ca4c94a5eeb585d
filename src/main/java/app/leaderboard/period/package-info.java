/**
 * Periods: a clock and a zone decide which daily, weekly, monthly and yearly board a
 * moment belongs to.
 */
@NullMarked
package app.leaderboard.period;

import org.jspecify.annotations.NullMarked;
