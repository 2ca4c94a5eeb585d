package app.leaderboard.update;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/** An {@code Idempotency-Key} sent again with a different body: 409. */
class IdempotencyKeyReusedException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	public IdempotencyKeyReusedException() {
		super(HttpStatus.CONFLICT, Problems.of(HttpStatus.CONFLICT, "Idempotency key reused",
				"This Idempotency-Key was already used with a different request body."), null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
