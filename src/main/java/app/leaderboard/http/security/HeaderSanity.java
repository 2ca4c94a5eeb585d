package app.leaderboard.http.security;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import app.leaderboard.http.Problems;

/**
 * Media-type headers that Spring MVC cannot use would otherwise end in a 500 (a wildcard
 * Content-Type) or in an error with an empty body (a broken Accept, for which no
 * problem+json can be "acceptable"). A broken or wildcard Content-Type is refused with
 * 415 where a body is expected (POST, PUT, PATCH) and ignored elsewhere; a broken Accept
 * is ignored, as RFC 9110 allows, and the answer is the default representation.
 */
final class HeaderSanity extends OncePerRequestFilter {

	private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		HttpServletRequest checked = request;
		String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
		if (contentType != null && !concrete(contentType)) {
			if (BODY_METHODS.contains(request.getMethod())) {
				Problems.write(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
						"Content-Type must be a concrete media type such as application/json.");
				return;
			}
			checked = new WithoutHeader(checked, HttpHeaders.CONTENT_TYPE);
		}
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept != null && !parses(accept)) {
			checked = new WithoutHeader(checked, HttpHeaders.ACCEPT);
		}
		chain.doFilter(checked, response);
	}

	private static boolean concrete(String contentType) {
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return !type.isWildcardType() && !type.isWildcardSubtype();
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private static boolean parses(String accept) {
		try {
			MediaType.parseMediaTypes(accept);
			return true;
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** The request as if it had not sent one header. */
	private static final class WithoutHeader extends HttpServletRequestWrapper {

		private final String hidden;

		WithoutHeader(HttpServletRequest request, String hidden) {
			super(request);
			this.hidden = hidden;
		}

		@Override
		public String getContentType() {
			return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(this.hidden) ? null : super.getContentType();
		}

		@Override
		public String getHeader(String name) {
			return this.hidden.equalsIgnoreCase(name) ? null : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			return this.hidden.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			return Collections.enumeration(Collections.list(super.getHeaderNames())
				.stream()
				.filter((header) -> !this.hidden.equalsIgnoreCase(header))
				.toList());
		}

	}

}
