package app.leaderboard.core;

/**
 * The limits of a score that every layer agrees on: the update path refuses a total above
 * {@link #MAX_TOTAL}, the importer refuses a counter above it, and the Redis encoding
 * holds every total up to it exactly.
 */
public final class ScoreLimits {

	/**
	 * Highest total a board can hold (2^28 - 1): with 2^25 seconds of tie-break, a sorted
	 * set's double holds {@code total * 2^25 + seconds} exactly up to 2^53.
	 */
	public static final long MAX_TOTAL = (1L << 28) - 1;

	private ScoreLimits() {
	}

}
