package app.leaderboard.store.redis.connection;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/**
 * Redis did not answer in time, is disconnected, or the circuit breaker is open. Most
 * callers catch it and fall back; one that reaches a client is a 503 that says nothing of
 * Redis's reply (the message, for the log, may).
 */
public class RedisUnavailableException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	private final String message;

	public RedisUnavailableException(String message, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Cache unavailable",
				"Redis is unavailable; try again shortly."), cause);
		this.message = message;
	}

	@Override
	public String getMessage() {
		return this.message;
	}

}
