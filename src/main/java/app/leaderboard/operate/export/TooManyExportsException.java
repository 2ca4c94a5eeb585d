package app.leaderboard.operate.export;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** This instance already runs as many exports as it may: 429, try again later. */
class TooManyExportsException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	/** Seconds a refused client should wait: an export of a large board takes a while. */
	static final int RETRY_AFTER_SECONDS = 10;

	TooManyExportsException(int concurrent) {
		super(HttpStatus.TOO_MANY_REQUESTS, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many exports",
				"This instance already runs " + concurrent + " exports, its limit; try again shortly."), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
