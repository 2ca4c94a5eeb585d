package app.leaderboard.read;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** A user that was never recorded: 404. */
class UnknownUserException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	public UnknownUserException(String userId) {
		super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Unknown user",
				"No pomodoros were ever recorded for user '" + userId + "'."), null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
