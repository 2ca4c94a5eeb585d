package app.leaderboard.http.security;

import java.util.function.Predicate;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.http.AuthenticationFailedException;

/**
 * Who may read an organisation's boards (docs/security.md): with JWTs configured, a token
 * whose {@code org} claim names the organisation, or whose scope holds
 * {@code leaderboard:read-any}. No token: 401 (an invalid or expired one was refused by
 * the filter chain already); another organisation's token or one without an org claim:
 * 403. Without JWTs every board is public. Region boards are always public.
 */
@Component
public class ScopeAccess {

	private final boolean required;

	public ScopeAccess(LeaderboardProperties properties) {
		this.required = properties.jwtEnabled();
	}

	public void checkRead(String org) {
		if (!this.required) {
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			throw new AuthenticationFailedException(HttpStatus.UNAUTHORIZED,
					"An organisation's board needs Authorization: Bearer <JWT> with its org claim.");
		}
		if (UpdateTokens.hasScope(token.getToken(), UpdateTokens.READ_ANY)
				|| org.equals(token.getToken().getClaimAsString("org"))) {
			return;
		}
		throw new AuthenticationFailedException(HttpStatus.FORBIDDEN,
				"This token's org claim does not name this organisation.");
	}

	/**
	 * Which organisations' boards the current request may read, kept for later: a live
	 * feed that follows a user into another organisation asks it outside the request.
	 */
	public Predicate<String> readableOrgs() {
		if (!this.required) {
			return (org) -> true;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			return (org) -> false;
		}
		boolean any = UpdateTokens.hasScope(token.getToken(), UpdateTokens.READ_ANY);
		String claim = token.getToken().getClaimAsString("org");
		return (org) -> any || org.equals(claim);
	}

	/**
	 * Who may read the organisations' team listing: with JWTs configured, a token whose
	 * scope holds {@code leaderboard:read-any} (it names every organisation); 401 without
	 * a token, 403 without that scope. Without JWTs it is public.
	 */
	public void checkReadAll() {
		if (!this.required) {
			return;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof JwtAuthenticationToken token)) {
			throw new AuthenticationFailedException(HttpStatus.UNAUTHORIZED,
					"The organisations' listing needs Authorization: Bearer <JWT> with the scope "
							+ UpdateTokens.READ_ANY + ".");
		}
		if (!UpdateTokens.hasScope(token.getToken(), UpdateTokens.READ_ANY)) {
			throw new AuthenticationFailedException(HttpStatus.FORBIDDEN,
					"The organisations' listing needs a token with the scope " + UpdateTokens.READ_ANY + ".");
		}
	}

}
