package app.leaderboard.operate.importer;

/** A counts file that cannot be imported; the message is one line naming the line. */
public class InvalidCountsFileException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public InvalidCountsFileException(String message) {
		super(message);
	}

	static InvalidCountsFileException at(long line, String problem) {
		return new InvalidCountsFileException("line " + line + ": " + problem);
	}

}
