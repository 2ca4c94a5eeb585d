/**
 * Importing the old app's counters (docs/migration.md, {@code import FILE.csv}): the CSV
 * is read and checked whole ({@link app.leaderboard.operate.importer.CountsCsv}) before
 * anything is written, then written in one PostgreSQL transaction
 * ({@code postgres.CountsImport}) and loaded into Redis.
 */
package app.leaderboard.operate.importer;
