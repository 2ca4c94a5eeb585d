/**
 * Who may do what over HTTP: the one Spring Security filter chain (public reads, JWTs on
 * updates when configured, the admin paths left to their own token check), update tokens
 * (HS256 or the auth system's JWKS), the "a token writes only for its own user" rule,
 * CORS, and the request body limit. Every rejection here is problem+json.
 */
@NullMarked
package app.leaderboard.http.security;

import org.jspecify.annotations.NullMarked;
