package app.leaderboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The security settings are checked at start, and secrets never show in what is logged.
 */
class SecretSettingsTests {

	private static final String SECRET = "s3cr3t-value-that-is-long-enough-32b";

	@Test
	void anHs256SecretShorterThan32BytesStopsTheStartWithOneLineNamingIt() {
		String problem = StartupCheck.problem(Map.of("LEADERBOARD_JWT_SECRET", "too-short-secret"));

		assertThat(problem).startsWith("Invalid configuration: LEADERBOARD_JWT_SECRET")
			.contains("32 bytes")
			.doesNotContain("too-short-secret")
			.doesNotContain("\n");
		assertThatExceptionOfType(InvalidConfigurationException.class)
			.isThrownBy(() -> properties(Map.of("LEADERBOARD_JWT_SECRET", "x".repeat(31))))
			.satisfies((ex) -> assertThat(ex.variable()).isEqualTo("LEADERBOARD_JWT_SECRET"));
	}

	@Test
	void aSecretOf32BytesOrMoreEnablesTokens() {
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_JWT_SECRET", "x".repeat(32)))).isNull();
		assertThat(properties(Map.of("LEADERBOARD_JWT_SECRET", SECRET)).jwtEnabled()).isTrue();
		assertThat(properties(Map.of()).jwtEnabled()).isFalse();
	}

	@Test
	void aJwksUrlMustBeHttp() {
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_JWT_JWKS_URL", "ftp://auth/keys")))
			.startsWith("Invalid configuration: LEADERBOARD_JWT_JWKS_URL");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_JWT_JWKS_URL", "https://auth example/")))
			.startsWith("Invalid configuration: LEADERBOARD_JWT_JWKS_URL");
		assertThat(properties(Map.of("LEADERBOARD_JWT_JWKS_URL", "https://auth.example.com/.well-known/jwks.json"))
			.jwtEnabled()).isTrue();
	}

	@Test
	void corsOriginsAreCommaSeparatedOriginsAndNoneByDefault() {
		assertThat(properties(Map.of()).corsOrigins()).isEmpty();
		assertThat(properties(Map.of("LEADERBOARD_CORS_ORIGINS", "https://a.example.com, http://localhost:5173"))
			.corsOrigins()).containsExactly("https://a.example.com", "http://localhost:5173");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_CORS_ORIGINS", "https://a.example.com/path")))
			.startsWith("Invalid configuration: LEADERBOARD_CORS_ORIGINS");
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_CORS_ORIGINS", "*")))
			.startsWith("Invalid configuration: LEADERBOARD_CORS_ORIGINS");
	}

	@Test
	void nothingSecretIsInTheSettingsAsLogged() {
		Map<String, String> env = new HashMap<>();
		env.put("LEADERBOARD_JWT_SECRET", SECRET);
		env.put("LEADERBOARD_ADMIN_TOKEN", "admin-token-value");
		env.put("DATABASE_URL", "postgresql://app:db-pass-value@db.example.com:5432/leaderboard");
		env.put("REDIS_URL", "rediss://:redis-pass-value@cache.example.com:6380/2");

		String logged = properties(env).toString();

		assertThat(logged).doesNotContain(SECRET, "admin-token-value", "db-pass-value", "redis-pass-value")
			.contains("db.example.com", "cache.example.com");
	}

	@Test
	void aDatabaseUrlWithAPasswordIsMaskedWhenDescribed() {
		DatabaseSettings jdbc = DatabaseSettings
			.parse("jdbc:postgresql://db.example.com/app?user=app&password=db-pass-value&ssl=true", null, null);
		DatabaseSettings url = DatabaseSettings.parse("postgresql://app:db-pass-value@db.example.com/app", null, null);

		assertThat(jdbc.describe()).doesNotContain("db-pass-value").contains("password=****", "ssl=true");
		assertThat(url.describe()).doesNotContain("db-pass-value");
		assertThat(url.toString()).doesNotContain("db-pass-value");
		assertThat(url.password()).isEqualTo("db-pass-value");
	}

	@Test
	void badValuesNeverEchoTheSecretsAround() {
		String problem = StartupCheck
			.problem(Map.of("DATABASE_URL", "postgresql://app:db-pass-value@:99999/x", "REDIS_PASSWORD", "r-pass"));

		assertThat(problem).startsWith("Invalid configuration: DATABASE_URL").doesNotContain("db-pass-value");
	}

	/** The settings as the service binds them from this environment. */
	private static LeaderboardProperties properties(Map<String, String> env) {
		return SettingsBinder.bind(env);
	}

}
