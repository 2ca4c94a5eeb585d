package app.leaderboard.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long daily totals are kept (docs/configuration.md). Weekly, monthly and yearly
 * totals are always kept. Bound and checked like {@link LeaderboardProperties}
 * ({@link SettingsBinder}).
 *
 * @param dailyRetentionDays daily totals of a day more than this many days before today
 * are deleted; 0 keeps them forever ({@code LEADERBOARD_DAILY_RETENTION_DAYS})
 * @param retentionInterval how often the background job looks for daily totals to delete
 */
@ConfigurationProperties("leaderboard")
@Validated
public record RetentionProperties(@DefaultValue("400") @Min(value = 0, message = DAYS_RULE) @Max(value = 1_000_000,
		message = DAYS_RULE) int dailyRetentionDays, @DefaultValue("10m") Duration retentionInterval) {

	/** The bean's name, for the retention job's {@code @Scheduled} interval. */
	public static final String BEAN = "leaderboard-app.leaderboard.config.RetentionProperties";

	public static final String VARIABLE = "LEADERBOARD_DAILY_RETENTION_DAYS";

	static final String DAYS_RULE = "must be a number of days from 0 (keep forever) to 1000000";

	/** Days kept before today; 0 means forever. */
	public int days() {
		return this.dailyRetentionDays;
	}

	/**
	 * The first day whose daily totals are kept, or empty when all are: with 2 days and
	 * today 2026-11-25, the 23rd.
	 */
	public Optional<LocalDate> firstKeptDay(LocalDate today) {
		return (this.dailyRetentionDays == 0) ? Optional.empty()
				: Optional.of(today.minusDays(this.dailyRetentionDays));
	}

}
