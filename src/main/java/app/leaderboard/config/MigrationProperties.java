package app.leaderboard.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.scheduling.support.CronExpression;

/**
 * The settings of the migration path and of self-repair (contract section 9), checked
 * like {@link LeaderboardProperties}: a bad value stops the start with one line naming
 * the variable. Kept apart from {@link LeaderboardProperties} so that the two can change
 * independently.
 *
 * @param legacyApi serve the old direct-PostgreSQL API under {@code /api/leaderboard}
 * ({@code LEADERBOARD_LEGACY_API}, default true)
 * @param driftInterval how often the drift check compares Redis with PostgreSQL; a board
 * out of step in two checks in a row is rebuilt ({@code LEADERBOARD_DRIFT_INTERVAL}, a
 * duration such as {@code 60s}, {@code 2m}, {@code PT1M})
 * @param syncCron a Spring cron expression (six fields, seconds first) for scheduled full
 * syncs, run once per firing across all instances; blank: none
 * ({@code LEADERBOARD_SYNC_CRON})
 */
@ConfigurationProperties("leaderboard")
public record MigrationProperties(@DefaultValue("true") String legacyApi, @DefaultValue("60s") String driftInterval,
		String syncCron) {

	public MigrationProperties {
		legacyApiEnabled(legacyApi);
		drift(driftInterval);
		cron(syncCron);
	}

	/** The same checks, fed from the environment before Spring starts. */
	static void check(Map<String, String> env) {
		new MigrationProperties(or(env, "LEADERBOARD_LEGACY_API", "true"), or(env, "LEADERBOARD_DRIFT_INTERVAL", "60s"),
				env.get("LEADERBOARD_SYNC_CRON"));
	}

	public boolean legacyApiEnabled() {
		return legacyApiEnabled(this.legacyApi);
	}

	public Duration drift() {
		return drift(this.driftInterval);
	}

	/** The scheduled sync's expression, or empty when none is configured. */
	public Optional<CronExpression> cron() {
		return Optional.ofNullable(cron(this.syncCron));
	}

	private static boolean legacyApiEnabled(String value) {
		String v = (value == null) ? "" : value.trim().toLowerCase(Locale.ROOT);
		return switch (v) {
			case "true" -> true;
			case "false" -> false;
			default -> throw new InvalidConfigurationException("LEADERBOARD_LEGACY_API", "must be true or false");
		};
	}

	private static Duration drift(String value) {
		Duration interval;
		try {
			interval = DurationStyle.detectAndParse((value == null) ? "" : value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException("LEADERBOARD_DRIFT_INTERVAL",
					"'" + value + "' is not a duration such as 60s, 5m or PT1M");
		}
		if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofDays(1)) > 0) {
			throw new InvalidConfigurationException("LEADERBOARD_DRIFT_INTERVAL",
					"must be between 100ms and 1d, but is " + value.trim());
		}
		return interval;
	}

	private static CronExpression cron(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return CronExpression.parse(value.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException("LEADERBOARD_SYNC_CRON",
					"'" + value.trim()
							+ "' is not a Spring cron expression (six fields: second minute hour day month weekday, "
							+ "e.g. '0 0 3 * * *')");
		}
	}

	private static String or(Map<String, String> env, String name, String fallback) {
		String value = env.get(name);
		return (value == null || value.isEmpty()) ? fallback : value;
	}

}
