package app.leaderboard.board;

import java.time.LocalDate;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A daily board of a day whose totals are past retention (and deleted): 404. */
class ExpiredBoardException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	ExpiredBoardException(LocalDate date, LocalDate firstKept, int days) {
		super(HttpStatus.NOT_FOUND, problem(date, firstKept, days), null);
	}

	private static ProblemDetail problem(LocalDate date, LocalDate firstKept, int days) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"Daily totals are kept for " + days + " days (LEADERBOARD_DAILY_RETENTION_DAYS); the daily board of "
						+ date + " is gone. The oldest daily board kept is " + firstKept + ".");
		problem.setTitle("Board no longer kept");
		return problem;
	}

}
