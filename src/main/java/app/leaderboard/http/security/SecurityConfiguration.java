package app.leaderboard.http.security;

import java.io.IOException;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.http.Problems;

/**
 * The one filter chain. Everything is public except {@code POST /update}, which needs a
 * JWT when {@code LEADERBOARD_JWT_SECRET} or {@code LEADERBOARD_JWT_JWKS_URL} is set
 * (docs/security.md). The admin paths are public here on purpose: their own interceptor
 * checks the admin token, and a JWT filter must not try to read that token as a JWT, so
 * bearer tokens are read on the update path only. No sessions, no CSRF (nothing rides on
 * cookies), no login page, no generated password.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	/**
	 * The update, under its name and under the legacy API's (docs/migration.md), and a
	 * user's change of name: writes for one user.
	 */
	static final RequestMatcher UPDATE = new OrRequestMatcher(
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/redis-leaderboard/update"),
			PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/leaderboard/update"),
			PathPatternRequestMatcher.withDefaults()
				.matcher(HttpMethod.PUT, "/api/redis-leaderboard/user/{userId}/name"));

	/** The organisations' team listing of a period. */
	static final RequestMatcher ORG_TEAMS = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.GET, "/api/redis-leaderboard/{period}/orgs");

	/**
	 * A read of an organisation's board ({@code GET} with {@code ?org=}, not admin) or of
	 * the organisations' team listing.
	 */
	static final RequestMatcher ORG_READ = (
			request) -> ("GET".equals(request.getMethod()) && request.getParameter("org") != null
					&& request.getRequestURI() != null && request.getRequestURI().startsWith("/api/redis-leaderboard/")
					&& !request.getRequestURI().startsWith("/api/redis-leaderboard/admin"))
					|| ORG_TEAMS.matches(request);

	/**
	 * An event stream, of a board or of a user: a valid token names its client (the
	 * per-client stream limit); an invalid one is refused as on other reads.
	 */
	static final RequestMatcher EVENTS = (request) -> "GET".equals(request.getMethod())
			&& request.getRequestURI() != null && request.getRequestURI().startsWith("/api/redis-leaderboard/")
			&& request.getRequestURI().endsWith("/events")
			&& !request.getRequestURI().startsWith("/api/redis-leaderboard/admin");

	/**
	 * No observations of the filter chain itself. Spring Security would otherwise time
	 * every filter of the chain and count an event per filter on every request, most of
	 * the 15 to 22 % of a read's samples that were Micrometer's (BENCHMARKS.md, row
	 * 'reads vs trivial'), to measure filters that do next to nothing here.
	 * {@code http.server.requests} still times each request, filters included.
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/** The default firewall's rules, checked without regular expressions. */
	@Bean
	HttpFirewall httpFirewall() {
		return RequestFirewall.create();
	}

	@Bean
	SecurityFilterChain leaderboardSecurity(HttpSecurity http, LeaderboardProperties properties, Clock clock)
			throws Exception {
		ProblemAuthenticationHandlers problems = new ProblemAuthenticationHandlers();
		JwtDecoder decoder = UpdateTokens.decoder(properties, clock);
		http.csrf(AbstractHttpConfigurer::disable)
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.addFilterBefore(Cors.filter(properties.corsOrigins()), CorsFilter.class)
			.addFilterAfter(new HeaderSanity(), CorsFilter.class)
			.addFilterAfter(new RequestBodyLimit(), HeaderSanity.class)
			.authorizeHttpRequests((requests) -> {
				if (decoder != null) {
					requests.requestMatchers(UPDATE).authenticated();
				}
				requests.anyRequest().permitAll();
			});
		if (decoder != null) {
			DefaultBearerTokenResolver bearer = new DefaultBearerTokenResolver();
			// updates, reads of an organisation's board and event streams
			// (docs/security.md); never the admin paths, whose bearer token is not a JWT
			RequestMatcher tokenPaths = new OrRequestMatcher(UPDATE, ORG_READ, EVENTS);
			BearerTokenResolver updatesOnly = (request) -> tokenPaths.matches(request) ? bearer.resolve(request) : null;
			http.oauth2ResourceServer((server) -> server.bearerTokenResolver(updatesOnly)
				.jwt((jwt) -> jwt.decoder(decoder))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems));
			http.addFilterBefore(new KeysUnavailable(), BearerTokenAuthenticationFilter.class);
			log.info("Updates need a JWT: HS256 {}, RS256/ES256 from the JWKS URL {}",
					properties.jwtSecretBytes().isPresent() ? "on" : "off",
					properties.jwksUri().isPresent() ? "on" : "off");
		}
		else {
			log.info("Updates need no token: neither LEADERBOARD_JWT_SECRET nor LEADERBOARD_JWT_JWKS_URL is set");
		}
		return http.build();
	}

	/**
	 * The auth system's key set could not be fetched: that is a dependency down (503),
	 * not a bad token (401), and not a bug (500, which Spring Security would give).
	 */
	private static final class KeysUnavailable extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			try {
				chain.doFilter(request, response);
			}
			catch (AuthenticationServiceException ex) {
				if (response.isCommitted()) {
					throw ex;
				}
				log.warn("Could not check an update token: {}", ex.getClass().getSimpleName());
				response.setHeader("Retry-After", "5");
				Problems.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "Token check unavailable",
						"The keys of the auth system could not be fetched; try again shortly.");
			}
		}

	}

}
