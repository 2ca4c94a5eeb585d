package app.leaderboard.config;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How concurrent updates share PostgreSQL transactions (group commit). Bound and checked
 * like {@link LeaderboardProperties} ({@link SettingsBinder}).
 *
 * @param writeBatchSize most updates one transaction carries; 1 gives every update its
 * own transaction ({@code LEADERBOARD_WRITE_BATCH_SIZE})
 * @param writeBatchWindow how long a committer waits for more updates once it has one; 0
 * takes only what queued up while the previous transaction ran, which adds no latency
 * when the service is idle ({@code LEADERBOARD_WRITE_BATCH_WINDOW})
 * @param writeCommitters transactions in flight at once, each on its own connection
 * ({@code LEADERBOARD_WRITE_COMMITTERS})
 * @param writeQueueWait longest an update waits for a committer to take it; past it the
 * update is withdrawn, never reaches PostgreSQL, and answers 503
 * ({@code LEADERBOARD_WRITE_QUEUE_WAIT})
 * @param writeCommitWait longest an update a committer took waits for its transaction's
 * outcome; past it the outcome is unknown to the request, which answers 504
 * ({@code LEADERBOARD_WRITE_COMMIT_WAIT})
 */
@ConfigurationProperties("leaderboard")
@Validated
public record GroupCommitProperties(
		@DefaultValue("64") @Min(value = 1, message = BATCH_RULE) @Max(value = 1000,
				message = BATCH_RULE) int writeBatchSize,
		@DefaultValue("0ms") @DurationMin(millis = 0, message = WINDOW_RULE) @DurationMax(seconds = 1,
				message = WINDOW_RULE) Duration writeBatchWindow,
		@DefaultValue("2") @Min(value = 1, message = COMMITTERS_RULE) @Max(value = 16,
				message = COMMITTERS_RULE) int writeCommitters,
		@DefaultValue("2s") @DurationMin(millis = 100, message = WAIT_RULE) @DurationMax(minutes = 1,
				message = WAIT_RULE) Duration writeQueueWait,
		@DefaultValue("8s") @DurationMin(millis = 100, message = WAIT_RULE) @DurationMax(minutes = 1,
				message = WAIT_RULE) Duration writeCommitWait) {

	static final String BATCH_RULE = "must be a number of updates from 1 to 1000";

	static final String WINDOW_RULE = "must be a duration from 0ms to 1s";

	static final String COMMITTERS_RULE = "must be a number of transactions from 1 to 16";

	static final String WAIT_RULE = "must be a duration from 100ms to 1m";

}
