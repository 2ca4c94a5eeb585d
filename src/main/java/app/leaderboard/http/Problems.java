package app.leaderboard.http;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where RFC 9457 problem+json bodies are built, whoever answers: Spring MVC
 * (exceptions that extend {@code ErrorResponseException}, and {@link ProblemHandler}),
 * the {@code /error} page, filters that answer before Spring MVC (security, CORS) and
 * Tomcat's own error page. Every body has the same fields: {@code type}, {@code title},
 * {@code status}, {@code detail} and, where the request is known, {@code instance}.
 */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The detail of every unexpected failure: what went wrong is in the log only. */
	public static final String UNEXPECTED = "The request failed unexpectedly; it has been logged.";

	private Problems() {
	}

	/** A problem for Spring MVC to write (it adds {@code instance}). */
	public static ProblemDetail of(HttpStatusCode status, String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setTitle(title);
		return body;
	}

	static ResponseEntity<ProblemDetail> response(HttpStatusCode status, String title, String detail) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(of(status, title, detail));
	}

	/**
	 * The body as bytes, for those that write the response themselves.
	 * @param instance the request path, or {@code null} where it is not known
	 */
	public static byte[] json(HttpStatusCode status, String title, String detail, @Nullable String instance) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", title);
		body.put("status", status.value());
		body.put("detail", detail);
		if (instance != null) {
			body.put("instance", URI.create(instance).toString());
		}
		return JSON.writeValueAsBytes(body);
	}

	/** Answers with a problem from a servlet filter, before Spring MVC is reached. */
	public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status,
			String title, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getOutputStream().write(json(status, title, detail, request.getRequestURI()));
		response.flushBuffer();
	}

}
