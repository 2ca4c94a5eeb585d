package app.leaderboard.read.live;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/**
 * This client already holds as many event streams as one may (board and personal feeds
 * together): 429. Other clients are not affected; a stream the client closes gives its
 * place back within a few seconds (the next heartbeat finds it gone).
 */
class TooManyClientStreamsException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	TooManyClientStreamsException(int max) {
		super(HttpStatus.TOO_MANY_REQUESTS,
				Problems.of(HttpStatus.TOO_MANY_REQUESTS, "Too many event streams for this client",
						"This client already holds " + max
								+ " open event streams (LEADERBOARD_EVENTS_PER_CLIENT); close one first."),
				null);
		getHeaders().set("Retry-After", "5");
	}

}
