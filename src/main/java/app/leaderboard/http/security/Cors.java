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
 * configured no CORS header is ever sent, so browsers keep other sites' pages from
 * reading or calling the API; with some, a request from any other origin is refused with
 * 403 problem+json.
 */
final class Cors {

	private Cors() {
	}

	static CorsFilter filter(List<String> origins) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
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
