package app.leaderboard.update;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** An update that would take a total beyond what a board can rank exactly: 422. */
class TotalLimitExceededException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	public TotalLimitExceededException(long limit) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "Total limit reached",
				"This update would take a total above " + limit + ", the most a board can hold."), null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
