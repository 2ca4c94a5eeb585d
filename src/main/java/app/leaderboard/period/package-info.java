/**
 * Periods: a clock and a zone decide which daily, weekly, monthly and yearly board a
 * moment belongs to.
 */
package app.leaderboard.period;
