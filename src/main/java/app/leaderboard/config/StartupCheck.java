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
			SettingsBinder.bind(env);
			SettingsBinder.bind(env, RetentionProperties.class);
			MigrationProperties.check(env);
			return null;
		}
		catch (InvalidConfigurationException ex) {
			return "Invalid configuration: " + ex.getMessage();
		}
	}

}
