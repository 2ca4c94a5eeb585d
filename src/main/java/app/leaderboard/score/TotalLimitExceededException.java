package app.leaderboard.score;

/** An update that would take a total beyond what a board can rank exactly. */
public class TotalLimitExceededException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public TotalLimitExceededException(long limit) {
		super("This update would take a total above " + limit + ", the most a board can hold.");
	}

}
