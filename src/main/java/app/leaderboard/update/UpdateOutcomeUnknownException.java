package app.leaderboard.update;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import app.leaderboard.http.Problems;

/**
 * An update PostgreSQL may or may not have applied: its commit was sent and no answer
 * came, or its request stopped waiting while its transaction ran. 504, never "nothing was
 * changed" (that is the 503 of an update that provably never reached PostgreSQL); a retry
 * with the same {@code Idempotency-Key} is applied at most once (docs/api.md).
 */
class UpdateOutcomeUnknownException extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	static final String DETAIL = "PostgreSQL did not confirm this update in time, so it may or may not have been "
			+ "applied. Retrying it with the same Idempotency-Key is safe: it is applied at most once. "
			+ "A retry without a key may count it twice.";

	UpdateOutcomeUnknownException() {
		super(HttpStatus.GATEWAY_TIMEOUT, Problems.of(HttpStatus.GATEWAY_TIMEOUT, "Update outcome unknown", DETAIL),
				null);
	}

	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
