package app.leaderboard.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;

/**
 * The bearer token of {@code /admin/*}: {@code LEADERBOARD_ADMIN_TOKEN}, or, when unset,
 * a random one generated at start and logged once so the operator can use it.
 */
@Component
class AdminToken {

	private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

	private final byte[] token;

	public AdminToken(LeaderboardProperties properties) {
		String configured = properties.adminToken();
		if (configured == null || configured.isBlank()) {
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			configured = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			log.warn(
					"LEADERBOARD_ADMIN_TOKEN is not set; the admin token for this run is {} (each instance makes its "
							+ "own: set one shared token when several instances run behind a load balancer)",
					configured);
		}
		this.token = configured.getBytes(StandardCharsets.UTF_8);
	}

	/** Compares in constant time, so response timing reveals nothing of the token. */
	public boolean matches(String candidate) {
		return candidate != null && MessageDigest.isEqual(this.token, candidate.getBytes(StandardCharsets.UTF_8));
	}

}
