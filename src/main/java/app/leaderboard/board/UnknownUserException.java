package app.leaderboard.board;

/** A user that was never recorded. */
public class UnknownUserException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public UnknownUserException(String userId) {
		super("No pomodoros were ever recorded for user '" + userId + "'.");
	}

}
