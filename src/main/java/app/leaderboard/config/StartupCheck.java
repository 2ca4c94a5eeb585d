package app.leaderboard.config;

import java.util.Map;

/**
 * Checks the documented environment variables before Spring starts, so that a bad value
 * ends the start with one line naming the variable instead of a stack trace. The checks
 * are the ones {@link LeaderboardProperties} runs, fed from the same variables.
 */
public final class StartupCheck {

	private StartupCheck() {
	}

	/** Returns the problem with the environment, or {@code null} when there is none. */
	public static String problem(Map<String, String> env) {
		try {
			String port = env.get("SERVER_PORT");
			if (port != null && !port.isBlank()) {
				int parsed;
				try {
					parsed = Integer.parseInt(port.trim());
				}
				catch (NumberFormatException ex) {
					throw new InvalidConfigurationException("SERVER_PORT", "not a whole number");
				}
				if (parsed < 0 || parsed > 65535) {
					throw new InvalidConfigurationException("SERVER_PORT", "must be between 0 and 65535");
				}
			}
			new LeaderboardProperties(env.get("LEADERBOARD_ADMIN_TOKEN"), or(env, "LEADERBOARD_TIME_ZONE", "UTC"),
					or(env, "LEADERBOARD_REDIS_FALLBACK", "true"), or(env, "LEADERBOARD_RATE_LIMIT_PER_MINUTE", "60"),
					or(env, "LEADERBOARD_MAX_COUNT", "1000"), or(env, "LEADERBOARD_DATA_DIR", "./data"), "leaderboard:",
					null, null,
					new LeaderboardProperties.Database(env.get("DATABASE_URL"), env.get("DATABASE_USER"),
							env.get("DATABASE_PASSWORD")),
					new LeaderboardProperties.Redis(env.get("REDIS_URL"), env.get("REDIS_HOST"), env.get("REDIS_PORT"),
							env.get("REDIS_PASSWORD"), env.get("REDIS_DB")),
					env.get("LEADERBOARD_JWT_SECRET"), env.get("LEADERBOARD_JWT_JWKS_URL"),
					env.get("LEADERBOARD_CORS_ORIGINS"));
			new RetentionProperties(or(env, RetentionProperties.VARIABLE, "400"), null);
			return null;
		}
		catch (InvalidConfigurationException ex) {
			return "Invalid configuration: " + ex.getMessage();
		}
	}

	private static String or(Map<String, String> env, String name, String fallback) {
		String value = env.get(name);
		return (value == null || value.isEmpty()) ? fallback : value;
	}

}
