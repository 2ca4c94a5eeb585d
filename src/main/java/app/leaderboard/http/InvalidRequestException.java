package app.leaderboard.http;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A request the API does not allow; answered 400 with the reason. */
public class InvalidRequestException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	public InvalidRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "Invalid request", detail), null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
