package app.leaderboard.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service as it runs in production: updates need an HS256 JWT, the rate limit is
 * {@link #RATE_LIMIT} per user per minute, and one browser origin is allowed. Its own
 * context (own embedded servers), shared by every class that extends this.
 */
public abstract class SecuredIntegrationTestBase extends IntegrationTestBase {

	public static final int RATE_LIMIT = 3;

	public static final String ORIGIN = "https://app.example.com";

	// dynamic properties win over the shared annotation's high test rate limit
	@DynamicPropertySource
	static void secured(DynamicPropertyRegistry registry) {
		registry.add("leaderboard.jwt-secret", () -> Tokens.SECRET);
		registry.add("leaderboard.rate-limit-per-minute", () -> RATE_LIMIT);
		registry.add("leaderboard.cors-origins", () -> ORIGIN + ", http://localhost:5173");
	}

	/**
	 * An Authorization header with a valid token for {@code subject}, good for 5 minutes.
	 */
	protected String[] bearer(String subject) {
		return bearer(subject, null);
	}

	protected String[] bearer(String subject, String scope) {
		return new String[] { "Authorization",
				"Bearer " + Tokens.hs256(Tokens.claims(subject, this.clock.instant().plusSeconds(300), scope)) };
	}

}
