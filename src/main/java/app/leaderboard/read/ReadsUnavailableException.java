package app.leaderboard.read;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** Redis is down and the PostgreSQL fallback is switched off: 503. */
class ReadsUnavailableException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	public ReadsUnavailableException() {
		super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Cache unavailable",
				"Redis is unavailable and the PostgreSQL fallback is disabled (LEADERBOARD_REDIS_FALLBACK=false)."),
				null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
