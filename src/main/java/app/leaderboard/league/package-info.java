/**
 * Leagues: small groups of users at a similar level competing through a season (a week or
 * a day), the best moving up a tier and the last down at its end. Joining happens in the
 * update's transaction ({@code store.postgres.LeagueJoins}), results are fixed lazily and
 * once ({@code store.postgres.LeagueResults}); this package reads the listings (Redis,
 * then PostgreSQL), answers the two league endpoints and the result counts of an ended
 * season, and runs the league check that keeps the cached listings in step. See
 * docs/api.md, "Leagues", and docs/consistency.md, "League listings".
 */
@NullMarked
package app.leaderboard.league;

import org.jspecify.annotations.NullMarked;
