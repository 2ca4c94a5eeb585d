package app.leaderboard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import app.leaderboard.config.SettingsBinder;
import app.leaderboard.config.StartupCheck;

/**
 * The webhook's settings are checked at start with one line naming the variable, and
 * neither the URL nor the secret is ever shown.
 */
class WebhookSettingsTests {

	static final String URL = "https://hooks.example.com/in/url-token-7d1e";

	static final String SECRET = "secret-value-that-is-32-bytes-long!";

	@Test
	void unsetMeansOff() {
		assertThat(StartupCheck.problem(Map.of())).isNull();
		assertThat(properties(Map.of()).enabled()).isFalse();
	}

	@Test
	void aUrlWithASecretOf32BytesOrMoreTurnsItOn() {
		Map<String, String> env = Map.of("LEADERBOARD_WEBHOOK_URL", URL, "LEADERBOARD_WEBHOOK_SECRET", SECRET);

		assertThat(StartupCheck.problem(env)).isNull();
		assertThat(properties(env).enabled()).isTrue();
		assertThat(properties(env).url()).hasToString(URL);
	}

	@Test
	void aUrlWithoutASecretStopsTheStart() {
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_WEBHOOK_URL", URL)))
			.startsWith("Invalid configuration: LEADERBOARD_WEBHOOK_SECRET: must be set")
			.doesNotContain("url-token")
			.doesNotContain("\n");
	}

	@Test
	void aShortSecretStopsTheStartWithoutShowingIt() {
		assertThat(StartupCheck
			.problem(Map.of("LEADERBOARD_WEBHOOK_URL", URL, "LEADERBOARD_WEBHOOK_SECRET", "short-secret-value")))
			.isEqualTo("Invalid configuration: LEADERBOARD_WEBHOOK_SECRET: must be at least 32 bytes, but has 18");
	}

	@Test
	void aUrlThatIsNotHttpStopsTheStartWithoutShowingIt() {
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_WEBHOOK_URL", "ftp://files.example.com/url-token-7d1e",
				"LEADERBOARD_WEBHOOK_SECRET", SECRET)))
			.isEqualTo("Invalid configuration: LEADERBOARD_WEBHOOK_URL: must be an http(s) URL");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_WEBHOOK_URL", "https://bad host/url-token-7d1e",
				"LEADERBOARD_WEBHOOK_SECRET", SECRET)))
			.startsWith("Invalid configuration: LEADERBOARD_WEBHOOK_URL")
			.doesNotContain("url-token");
	}

	@Test
	void theSettingsAsLoggedShowNeitherUrlNorSecret() {
		String logged = properties(Map.of("LEADERBOARD_WEBHOOK_URL", URL, "LEADERBOARD_WEBHOOK_SECRET", SECRET))
			.toString();

		assertThat(logged).contains("enabled=true").doesNotContain("hooks.example.com", "url-token", SECRET);
	}

	private static WebhookProperties properties(Map<String, String> env) {
		return SettingsBinder.bind(env, WebhookProperties.class);
	}

}
