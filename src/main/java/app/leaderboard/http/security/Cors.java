package app.leaderboard.http.security;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import app.leaderboard.http.Problems;

/**
 * CORS for the origins in {@code LEADERBOARD_CORS_ORIGINS} and no others. With none
 * configured no CORS header is sent on the API, so browsers keep other sites' pages from
 * reading or calling it; with some, a request from any other origin is refused with 403
 * problem+json. The one exception is {@link #WIDGET}, which every origin may load.
 */
final class Cors {

	private Cors() {
	}

	/**
	 * The web components' script: the same public bytes for every page, which browsers
	 * fetch in CORS mode (a module script), so any origin may load it.
	 */
	static final String WIDGET = "/widget.js";

	static CorsFilter filter(List<String> origins) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		// registered first: the first pattern that matches a path decides
		source.registerCorsConfiguration(WIDGET, anyOrigin());
		if (!origins.isEmpty()) {
			CorsConfiguration configuration = new CorsConfiguration();
			configuration.setAllowedOrigins(origins);
			configuration.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name(),
					HttpMethod.DELETE.name(), HttpMethod.HEAD.name()));
			configuration
				.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key"));
			configuration.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, "X-Leaderboard-Source"));
			// bearer tokens travel in a header, never in cookies
			configuration.setAllowCredentials(false);
			configuration.setMaxAge(Duration.ofHours(1));
			source.registerCorsConfiguration("/**", configuration);
		}
		CorsFilter filter = new CorsFilter(source);
		filter.setCorsProcessor(new ProblemCorsProcessor());
		return filter;
	}

	private static CorsConfiguration anyOrigin() {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.addAllowedOrigin(CorsConfiguration.ALL);
		configuration.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name()));
		configuration.setAllowCredentials(false);
		configuration.setMaxAge(Duration.ofHours(1));
		return configuration;
	}

	/** Spring's checks, with the refusal as problem+json instead of plain text. */
	private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

		@Override
		protected void rejectRequest(ServerHttpResponse response) throws IOException {
			response.setStatusCode(HttpStatus.FORBIDDEN);
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			response.getBody()
				.write(Problems.json(HttpStatus.FORBIDDEN, "Forbidden",
						"Cross-origin requests from this origin are not allowed.", null));
			response.flush();
		}

	}

}
