package app.leaderboard.store.redis.board;

import java.time.Instant;

import app.leaderboard.core.PeriodInstance;

/**
 * How a total and its tie-break fit in one sorted-set score. The score is
 * {@code -(total * TIE_SPAN + secondsLeftInPeriodWhenReached)}: negative, so that
 * {@code ZRANGE} (ascending) lists the highest total first, then whoever reached it
 * first, then, for equal seconds, the user id ascending: Redis's own order for equal
 * scores, and the order PostgreSQL uses with the "C" collation. Scores stay below 2^53,
 * so doubles hold them exactly.
 */
public final class BoardScore {

	/** Seconds of tie-break; a leap year has 31,622,400. */
	public static final long TIE_SPAN = 1L << 25;

	/** The board's marker member: present once the board is fully loaded. */
	public static final String LOADED = "#";

	/** Scores of real members are negative; the marker sorts after all of them. */
	public static final double LOADED_SCORE = 1;

	private BoardScore() {
	}

	public static double encode(long total, Instant reachedAt, PeriodInstance instance) {
		long left = instance.end().getEpochSecond() - reachedAt.getEpochSecond();
		left = Math.max(0, Math.min(TIE_SPAN - 1, left));
		return -(double) (total * TIE_SPAN + left);
	}

	public static long total(double score) {
		return (long) Math.floor(-score / TIE_SPAN);
	}

}
