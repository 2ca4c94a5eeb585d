package app.leaderboard.config;

import java.util.Map;

/**
 * Checks the environment before Spring starts, so that a bad value ends the start with
 * one line naming the variable instead of a stack trace. The settings are bound the way
 * Spring binds them ({@link SettingsBinder}), from the same variables.
 */
public final class StartupCheck {

	private StartupCheck() {
	}

	/** Returns the problem with the environment, or {@code null} when there is none. */
	public static String problem(Map<String, String> env) {
		try {
			SettingsBinder.serverPort(env);
			SettingsBinder.bind(env);
			return null;
		}
		catch (InvalidConfigurationException ex) {
			return "Invalid configuration: " + ex.getMessage();
		}
	}

}
