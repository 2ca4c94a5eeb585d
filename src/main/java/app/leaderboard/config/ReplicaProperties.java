package app.leaderboard.config;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How reads use the streaming replica that {@code DATABASE_READ_URL} names
 * (docs/deployment.md, "A PostgreSQL replica"). Without that variable these settings do
 * nothing. Bound and checked like {@link LeaderboardProperties} ({@link SettingsBinder}).
 *
 * @param replicaMaxLag a replica further behind the primary than this is left out, and
 * its reads go to the primary, until it is back within it
 * ({@code LEADERBOARD_REPLICA_MAX_LAG})
 * @param replicaReadWait how long a read waits for the replica to replay what the primary
 * held when the read began before it goes to the primary instead
 * ({@code LEADERBOARD_REPLICA_READ_WAIT})
 * @param replicaCheckInterval how often the replica's state and lag are checked
 * ({@code LEADERBOARD_REPLICA_CHECK_INTERVAL}); the lag is known to this precision
 */
@ConfigurationProperties("leaderboard")
@Validated
public record ReplicaProperties(
		@DefaultValue("5s") @DurationMin(millis = 100, message = LAG_RULE) @DurationMax(hours = 1,
				message = LAG_RULE) Duration replicaMaxLag,
		@DefaultValue("100ms") @DurationMin(millis = 0, message = WAIT_RULE) @DurationMax(seconds = 2,
				message = WAIT_RULE) Duration replicaReadWait,
		@DefaultValue("1s") @DurationMin(millis = 100, message = INTERVAL_RULE) @DurationMax(minutes = 1,
				message = INTERVAL_RULE) Duration replicaCheckInterval) {

	/** The bean's name, for the replica check's {@code @Scheduled} interval. */
	public static final String BEAN = "leaderboard-app.leaderboard.config.ReplicaProperties";

	static final String LAG_RULE = "must be a duration from 100ms to 1h";

	static final String WAIT_RULE = "must be a duration from 0ms to 2s";

	static final String INTERVAL_RULE = "must be a duration from 100ms to 1m";

}
