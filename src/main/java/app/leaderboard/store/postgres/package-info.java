/**
 * PostgreSQL: the connection (configured or embedded, and a streaming replica that the
 * reads {@link ReadDatabase} runs may use) and every SQL statement, one class per job:
 * the update and reset ({@link ScoreWrites}), board and user reads
 * ({@link BoardQueries}), rebuild snapshots ({@link RebuildSnapshots}), the outbox
 * ({@link OutboxStore}), the health probe ({@link PostgresHealthIndicator}) and the bulk
 * load of generated users ({@link BulkCopy}), and leagues: joins in the update's batch
 * ({@link LeagueJoins}), results fixed once ({@link LeagueResults}) and reads
 * ({@link LeagueQueries}).
 */
@NullMarked
package app.leaderboard.store.postgres;

import org.jspecify.annotations.NullMarked;
