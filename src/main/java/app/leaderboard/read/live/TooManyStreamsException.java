package app.leaderboard.read.live;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** The instance already serves as many event streams as it may: 503, try later. */
class TooManyStreamsException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	TooManyStreamsException(int max) {
		super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "Too many event streams",
				"This instance already serves " + max + " event streams; try again shortly."), null);
		getHeaders().set("Retry-After", "10");
	}

}
