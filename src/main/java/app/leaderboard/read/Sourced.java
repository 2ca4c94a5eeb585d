package app.leaderboard.read;

/** A read's answer and where it came from. */
public record Sourced<T>(T value, Source source) {
}
