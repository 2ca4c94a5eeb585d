package app.leaderboard.config;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.validation.annotation.Validated;

/**
 * The settings of the migration path and of self-repair (docs/configuration.md), bound
 * and checked like {@link LeaderboardProperties}: a bad value stops the start with one
 * line naming the variable. Kept apart from {@link LeaderboardProperties} so that the two
 * can change independently.
 *
 * @param legacyApi serve the old direct-PostgreSQL API under {@code /api/leaderboard}
 * ({@code LEADERBOARD_LEGACY_API})
 * @param driftInterval how often the drift check compares Redis with PostgreSQL; a board
 * out of step in two checks in a row is rebuilt ({@code LEADERBOARD_DRIFT_INTERVAL}, a
 * duration such as {@code 60s}, {@code 2m}, {@code PT1M}; 100ms to 1d)
 * @param syncCron a Spring cron expression (six fields, seconds first) for scheduled full
 * syncs, run once per firing across all instances; blank: none
 * ({@code LEADERBOARD_SYNC_CRON})
 */
@ConfigurationProperties("leaderboard")
@Validated
public record MigrationProperties(@DefaultValue("true") boolean legacyApi, @DefaultValue("60s") Duration driftInterval,
		@Nullable String syncCron) {

	private static final Duration SHORTEST_DRIFT = Duration.ofMillis(100);

	private static final Duration LONGEST_DRIFT = Duration.ofDays(1);

	public MigrationProperties {
		if (driftInterval.compareTo(SHORTEST_DRIFT) < 0 || driftInterval.compareTo(LONGEST_DRIFT) > 0) {
			throw new InvalidConfigurationException("LEADERBOARD_DRIFT_INTERVAL",
					"must be between 100ms and 1d, but is " + driftInterval);
		}
		syncCron = (syncCron == null || syncCron.isBlank()) ? null : syncCron.trim();
		cron(syncCron);
	}

	/** The scheduled sync's expression, or empty when none is configured. */
	public Optional<CronExpression> cron() {
		return Optional.ofNullable(cron(this.syncCron));
	}

	private static @Nullable CronExpression cron(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return CronExpression.parse(value);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidConfigurationException("LEADERBOARD_SYNC_CRON",
					"'" + value
							+ "' is not a Spring cron expression (six fields: second minute hour day month weekday, "
							+ "e.g. '0 0 3 * * *')");
		}
	}

}
