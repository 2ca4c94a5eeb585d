package app.leaderboard.score;

/** An {@code Idempotency-Key} sent again with a different body. */
public class IdempotencyKeyReusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public IdempotencyKeyReusedException() {
		super("This Idempotency-Key was already used with a different request body.");
	}

}
