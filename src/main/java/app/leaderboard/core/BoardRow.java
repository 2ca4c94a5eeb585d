package app.leaderboard.core;

import java.time.Instant;

/** One member of a board as PostgreSQL stores it. */
public record BoardRow(String userId, long total, Instant reachedAt) {
}
