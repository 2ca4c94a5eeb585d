package app.leaderboard.operate.cli;

/** A failure the operator can act on; its message is the one line the CLI prints. */
class CliFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	CliFailure(String message) {
		super(message);
	}

	CliFailure(String message, Throwable cause) {
		super(message, cause);
	}

}
