package app.leaderboard.ratelimit;

/** A user sent more updates than the limit allows; answered 429 with Retry-After. */
public class RateLimitExceededException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final long retryAfterSeconds;

	public RateLimitExceededException(int perMinute, long retryAfterSeconds) {
		super("At most " + perMinute + " updates per user per minute; try again in " + retryAfterSeconds + " s.");
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
