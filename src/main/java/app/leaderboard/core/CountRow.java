package app.leaderboard.core;

import java.time.Instant;

/**
 * One user's counters from the old app: the totals of the current day, week, month and
 * year, and optionally when they were last updated ({@code null} when the file has no
 * {@code updated_at} or leaves it empty).
 */
public record CountRow(String userId, long daily, long weekly, long monthly, long yearly, Instant updatedAt) {
}
