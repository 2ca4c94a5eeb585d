/**
 * PostgreSQL: the connection (configured or embedded) and every SQL statement, in
 * {@link app.leaderboard.postgres.ScoreStore}.
 */
package app.leaderboard.postgres;
