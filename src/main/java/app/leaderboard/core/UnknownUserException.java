package app.leaderboard.core;

/**
 * A user the service does not know (any more): never recorded, or erased. The HTTP layer
 * answers 404 with the message as the problem's detail.
 */
public class UnknownUserException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private UnknownUserException(String detail) {
		super(detail);
	}

	/** A read of a user with no pomodoros recorded. */
	public static UnknownUserException neverRecorded(String userId) {
		return new UnknownUserException("No pomodoros were ever recorded for user '" + userId + "'.");
	}

	/** Erasing, hiding or unhiding a user that is not there to change. */
	public static UnknownUserException nothingToChange(String userId) {
		return new UnknownUserException("There is no user '" + userId + "' to change.");
	}

}
