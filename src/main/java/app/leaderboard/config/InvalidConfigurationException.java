package app.leaderboard.config;

/**
 * A configured value that cannot be used. The message always names the environment
 * variable, so an operator can fix it from one log line.
 */
public class InvalidConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String variable;

	public InvalidConfigurationException(String variable, String problem) {
		super(variable + ": " + problem);
		this.variable = variable;
	}

	public String variable() {
		return this.variable;
	}

}
