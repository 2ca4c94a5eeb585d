package app.leaderboard.board;

/** Redis is down and the PostgreSQL fallback is switched off. */
public class ReadsUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public ReadsUnavailableException() {
		super("Redis is unavailable and the PostgreSQL fallback is disabled (LEADERBOARD_REDIS_FALLBACK=false).");
	}

}
