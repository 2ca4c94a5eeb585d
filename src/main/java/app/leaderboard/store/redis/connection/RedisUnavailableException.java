package app.leaderboard.store.redis.connection;

/**
 * Redis did not answer in time, is disconnected, or the circuit breaker is open. Most
 * callers catch it and fall back; one that reaches a client is answered 503 by the HTTP
 * layer with a detail that says nothing of Redis's reply (the message, for the log, may).
 */
public class RedisUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public RedisUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
