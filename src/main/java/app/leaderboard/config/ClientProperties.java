package app.leaderboard.config;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who a client of the event streams is, and how many streams each may hold open
 * (docs/configuration.md). Bound and checked like {@link LeaderboardProperties}
 * ({@link SettingsBinder}).
 *
 * @param eventsPerClient event streams one client holds open at once, the board feeds and
 * the personal feeds together; one more is refused with 429
 * ({@code LEADERBOARD_EVENTS_PER_CLIENT})
 * @param trustedProxies addresses or CIDR ranges of the reverse proxies in front of the
 * service, comma-separated; a request from one of them is the client named in its
 * {@code X-Forwarded-For}. None by default: then {@code X-Forwarded-For} is ignored
 * ({@code LEADERBOARD_TRUSTED_PROXIES})
 */
@ConfigurationProperties("leaderboard")
@Validated
public record ClientProperties(@DefaultValue("4") @Min(value = 1, message = PER_CLIENT_RULE) @Max(value = 10_000,
		message = PER_CLIENT_RULE) int eventsPerClient, @DefaultValue List<String> trustedProxies) {

	public static final String TRUSTED_PROXIES = "LEADERBOARD_TRUSTED_PROXIES";

	static final String PER_CLIENT_RULE = "must be a number of streams from 1 to 10000";

	public ClientProperties {
		trustedProxies = (trustedProxies == null) ? List.of()
				: trustedProxies.stream().map(String::trim).filter((value) -> !value.isEmpty()).toList();
		for (String value : trustedProxies) {
			if (AddressRange.parse(value).isEmpty()) {
				// the value is the operator's own, not a secret: naming it helps fix it
				throw new InvalidConfigurationException(TRUSTED_PROXIES, "'" + value
						+ "' is not an IP address or CIDR range (such as 10.0.0.7, 10.0.0.0/8 or fd00::/8)");
			}
		}
	}

	/** The trusted proxies as ranges (each checked at start). */
	public List<AddressRange> trustedProxyRanges() {
		return this.trustedProxies.stream().map((value) -> AddressRange.parse(value).orElseThrow()).toList();
	}

}
