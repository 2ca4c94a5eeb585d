package app.leaderboard.http.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.http.AuthenticationFailedException;

/**
 * Whether the caller may update a user: with JWTs configured, only the user in the
 * token's {@code sub}, unless the token's scope holds {@code leaderboard:write-any}. It
 * runs once the body is parsed (the user id is in the body), so the filter chain can only
 * say "a valid token"; this says "for this user" (403 otherwise).
 */
@Component
public class UpdatePermission {

	private final boolean required;

	public UpdatePermission(LeaderboardProperties properties) {
		this.required = properties.jwtEnabled();
	}

	public void check(String userId) {
		check(userId, null);
	}

	/**
	 * @param org the organisation the update joins, or null: then the token's {@code org}
	 * claim must equal it, unless the token may write for anyone
	 */
	public void check(String userId, String org) {
		if (!this.required) {
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			// the filter chain lets no update through without a token: a second lock
			throw new AuthenticationFailedException(HttpStatus.UNAUTHORIZED,
					"Updates need Authorization: Bearer <JWT>.");
		}
		boolean writesAny = UpdateTokens.hasScope(token.getToken(), UpdateTokens.WRITE_ANY);
		if (!writesAny && !userId.equals(token.getToken().getSubject())) {
			throw new AuthenticationFailedException(HttpStatus.FORBIDDEN,
					"This token may update only the user in its sub claim.");
		}
		if (org != null && !writesAny && !org.equals(token.getToken().getClaimAsString("org"))) {
			throw new AuthenticationFailedException(HttpStatus.FORBIDDEN,
					"Joining an organisation needs a token whose org claim names it.");
		}
	}

}
