package app.leaderboard.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The near cache of board pages (docs/consistency.md, "The near cache"): the bytes of the
 * first pages of the current boards, kept in this process and served only while the
 * board's generation in Redis is the one they were read under. Bound and checked like
 * {@link LeaderboardProperties} ({@link SettingsBinder}).
 *
 * @param nearCache keep and serve such pages ({@code LEADERBOARD_NEAR_CACHE}); false
 * reads every page from Redis
 * @param nearCacheMegabytes the most the kept pages may take, bodies and keys counted
 * ({@code LEADERBOARD_NEAR_CACHE_MEGABYTES}); the least used go first
 */
@ConfigurationProperties("leaderboard")
@Validated
public record NearCacheProperties(@DefaultValue("true") boolean nearCache, @DefaultValue("16") @Min(value = 1,
		message = SIZE_RULE) @Max(value = 4096, message = SIZE_RULE) int nearCacheMegabytes) {

	static final String SIZE_RULE = "must be a number of megabytes from 1 to 4096";

}
