package app.leaderboard.read;

import java.time.LocalDate;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** A daily board of a day whose totals are past retention (and deleted): 404. */
class ExpiredBoardException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	ExpiredBoardException(LocalDate date, LocalDate firstKept, int days) {
		super(HttpStatus.NOT_FOUND, problem(date, firstKept, days), null);
	}

	private static ProblemDetail problem(LocalDate date, LocalDate firstKept, int days) {
		return Problems.of(HttpStatus.NOT_FOUND, "Board no longer kept",
				"Daily totals are kept for " + days + " days (LEADERBOARD_DAILY_RETENTION_DAYS); the daily board of "
						+ date + " is gone. The oldest daily board kept is " + firstKept + ".");
	}

}
