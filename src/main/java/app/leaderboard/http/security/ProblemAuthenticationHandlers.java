package app.leaderboard.http.security;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.leaderboard.http.Problems;

/**
 * Spring Security's own 401 and 403, as problem+json. The detail says what is wrong in
 * general terms only: the decoder's message can quote claims, and a client learns nothing
 * useful from why exactly a forged token failed.
 */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		boolean invalid = authException instanceof InvalidBearerTokenException;
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, invalid ? "Bearer error=\"invalid_token\"" : "Bearer");
		Problems.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
				invalid ? "The bearer token is invalid, expired or not signed with an accepted key."
						: "Updates need Authorization: Bearer <JWT>.");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		Problems.write(request, response, HttpStatus.FORBIDDEN, "Forbidden", "The token does not allow this request.");
	}

}
