package app.leaderboard.board;

/** A read's answer and where it came from. */
public record Sourced<T>(T value, Source source) {
}
