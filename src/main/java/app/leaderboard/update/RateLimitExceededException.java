package app.leaderboard.update;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** A user sent more updates than the limit allows; answered 429 with Retry-After. */
class RateLimitExceededException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	private final long retryAfterSeconds;

	public RateLimitExceededException(int perMinute, long retryAfterSeconds) {
		super(HttpStatus.TOO_MANY_REQUESTS, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many updates",
				"At most " + perMinute + " updates per user per minute; try again in " + retryAfterSeconds + " s."),
				null);
		this.retryAfterSeconds = retryAfterSeconds;
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
	}

	public long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
