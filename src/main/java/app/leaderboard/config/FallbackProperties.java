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
 * How much of PostgreSQL the reads may take while Redis cannot answer them (a bulkhead),
 * so that updates keep their pace when every reader falls back at once. Bound and checked
 * like {@link LeaderboardProperties} ({@link SettingsBinder}).
 *
 * @param fallbackConcurrency PostgreSQL reads in flight at once on this instance
 * ({@code LEADERBOARD_FALLBACK_CONCURRENCY}). The default of 2 kept update p99 at 85 ms
 * with Redis dead and 64 readers at 1M users on a 2-core machine where 4 let it reach 115
 * ms, for 15 % less fallback throughput (BENCHMARKS.md, row 'Redis-dead updates at 1M');
 * raise it where PostgreSQL has cores of its own
 * @param fallbackQueueWait how long a read waits for its turn before it is answered 503
 * with Retry-After ({@code LEADERBOARD_FALLBACK_QUEUE_WAIT})
 */
@ConfigurationProperties("leaderboard")
@Validated
public record FallbackProperties(
		@DefaultValue("2") @Min(value = 1, message = CONCURRENCY_RULE) @Max(value = 64,
				message = CONCURRENCY_RULE) int fallbackConcurrency,
		@DefaultValue("1s") @DurationMin(millis = 0, message = WAIT_RULE) @DurationMax(seconds = 2,
				message = WAIT_RULE) Duration fallbackQueueWait) {

	static final String CONCURRENCY_RULE = "must be a number of reads from 1 to 64";

	static final String WAIT_RULE = "must be a duration from 0ms to 2s";

}
