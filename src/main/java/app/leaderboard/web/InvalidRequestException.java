package app.leaderboard.web;

/** A request the contract does not allow; answered 400 with the reason. */
public class InvalidRequestException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public InvalidRequestException(String detail) {
		super(detail);
	}

}
