/**
 * Synthetic users for demos and benchmarks ({@code generate --users N --seed S}): a
 * reproducible model of pomodoro activity (most users low, a long tail, many ties) over
 * the current and the previous day, week, month and year, bulk-loaded into PostgreSQL
 * with the schema's invariants kept (see {@code store.postgres.BulkCopy}).
 */
@NullMarked
package app.leaderboard.operate.generate;

import org.jspecify.annotations.NullMarked;
