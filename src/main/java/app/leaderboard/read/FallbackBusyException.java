package app.leaderboard.read;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/**
 * Redis cannot answer and the PostgreSQL reads that stand in for it are all taken: 503
 * with Retry-After, rather than a queue that would hold the request and the updates'
 * share of PostgreSQL.
 */
class FallbackBusyException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	FallbackBusyException() {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Fallback busy",
						"Redis is unavailable and the PostgreSQL fallback is at its limit of concurrent reads. "
								+ "Try again shortly."),
				null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
