package app.leaderboard.redis;

/** Redis did not answer in time, is disconnected, or the circuit breaker is open. */
public class RedisUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public RedisUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
