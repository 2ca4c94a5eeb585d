package app.leaderboard.board;

/** A user's standing on one board; {@code rank} is null while the score is 0. */
public record UserRank(String userId, String period, Long rank, long score, long total) {
}
