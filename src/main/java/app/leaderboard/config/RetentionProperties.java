package app.leaderboard.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long daily totals are kept (contract 6.1). Weekly, monthly and yearly totals are
 * always kept.
 *
 * @param dailyRetentionDays daily totals of a day more than this many days before today
 * are deleted; 0 keeps them forever ({@code LEADERBOARD_DAILY_RETENTION_DAYS})
 * @param retentionInterval how often the background job looks for daily totals to delete
 */
@ConfigurationProperties("leaderboard")
public record RetentionProperties(@DefaultValue("400") String dailyRetentionDays,
		@DefaultValue("10m") Duration retentionInterval) {

	public static final String VARIABLE = "LEADERBOARD_DAILY_RETENTION_DAYS";

	public RetentionProperties {
		days(dailyRetentionDays);
	}

	/** Days kept before today; 0 means forever. */
	public int days() {
		return days(this.dailyRetentionDays);
	}

	/**
	 * The first day whose daily totals are kept, or empty when all are: with 2 days and
	 * today 2026-11-25, the 23rd.
	 */
	public Optional<LocalDate> firstKeptDay(LocalDate today) {
		int days = days();
		return (days == 0) ? Optional.empty() : Optional.of(today.minusDays(days));
	}

	private static int days(String value) {
		try {
			int days = Integer.parseInt(value.trim());
			if (days >= 0 && days <= 1_000_000) {
				return days;
			}
		}
		catch (NumberFormatException | NullPointerException ex) {
			// reported below
		}
		throw new InvalidConfigurationException(VARIABLE,
				"'" + value + "' is not a number of days from 0 (keep forever) to 1000000");
	}

}
