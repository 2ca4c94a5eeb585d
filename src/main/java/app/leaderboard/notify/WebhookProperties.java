package app.leaderboard.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import app.leaderboard.config.InvalidConfigurationException;

/**
 * The webhook's settings ({@code leaderboard.webhook.*}, docs/configuration.md). Neither
 * the URL nor the secret is ever shown: not by {@link #toString()}, not in a start-up
 * error, not in a log line (the URL may carry a token of the receiver).
 *
 * @param url where events are POSTed; unset: no webhook ({@code LEADERBOARD_WEBHOOK_URL})
 * @param secret HMAC-SHA256 key of the signature, 32 bytes or more, required with a URL
 * ({@code LEADERBOARD_WEBHOOK_SECRET})
 * @param interval how often each instance makes due events and sends what is due
 */
@ConfigurationProperties("leaderboard.webhook")
@Validated
public record WebhookProperties(@Nullable URI url, @Nullable String secret, @DefaultValue("5s") Duration interval) {

	/** The bean's name, for the {@code @Scheduled} interval read from it. */
	public static final String BEAN = "leaderboard.webhook-app.leaderboard.notify.WebhookProperties";

	/** HMAC-SHA256 wants a key at least as long as its hash. */
	public static final int MIN_SECRET_BYTES = 32;

	public WebhookProperties {
		url = (url == null || url.toString().isBlank()) ? null : url;
		secret = (secret == null || secret.isEmpty()) ? null : secret;
		if (url != null) {
			String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
			if ((!scheme.equals("https") && !scheme.equals("http")) || url.getHost() == null) {
				// never the value: it may carry a token
				throw new InvalidConfigurationException("LEADERBOARD_WEBHOOK_URL", "must be an http(s) URL");
			}
			if (secret == null) {
				throw new InvalidConfigurationException("LEADERBOARD_WEBHOOK_SECRET",
						"must be set (" + MIN_SECRET_BYTES + " bytes or more) when LEADERBOARD_WEBHOOK_URL is set");
			}
		}
		if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
			// the length only: the value itself never goes into a message
			throw new InvalidConfigurationException("LEADERBOARD_WEBHOOK_SECRET", "must be at least " + MIN_SECRET_BYTES
					+ " bytes, but has " + secret.getBytes(StandardCharsets.UTF_8).length);
		}
		if (interval.compareTo(Duration.ofMillis(100)) < 0 || interval.compareTo(Duration.ofSeconds(30)) > 0) {
			throw new InvalidConfigurationException("LEADERBOARD_WEBHOOK_INTERVAL", "must be from 100ms to 30s");
		}
	}

	/** Whether events are made and sent: a URL is set. */
	public boolean enabled() {
		return this.url != null;
	}

	/** Whether a URL is set; never the URL, nor the secret. */
	@Override
	public String toString() {
		return "WebhookProperties[enabled=" + enabled() + ", interval=" + this.interval + "]";
	}

}
