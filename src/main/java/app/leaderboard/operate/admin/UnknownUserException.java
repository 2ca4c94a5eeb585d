package app.leaderboard.operate.admin;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** Erasing, hiding or unhiding a user the service does not know (any more): 404. */
class UnknownUserException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	UnknownUserException(String userId) {
		super(HttpStatus.NOT_FOUND,
				Problems.of(HttpStatus.NOT_FOUND, "Unknown user", "There is no user '" + userId + "' to change."),
				null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
