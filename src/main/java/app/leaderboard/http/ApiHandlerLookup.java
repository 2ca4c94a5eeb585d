package app.leaderboard.http;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Sends a request for the API ({@code /api/...}) straight to the controllers' handler
 * mapping. Spring asks its handler mappings in order, and the actuator's comes first: for
 * every API request it tried each of its endpoints' conditions (media types parsed from
 * the {@code Accept} header, the CORS pre-flight check through the request's wrappers),
 * then worked out why none matched, a tenth of a board read's CPU (docs/development.md,
 * "The read path's cost"). No other mapping serves these paths: the answer, a match, a
 * 405 or 406, or none (then Spring asks the others in their order, as before), is the one
 * the controllers' mapping would give in its turn.
 */
final class ApiHandlerLookup implements HandlerMapping, Ordered {

	private static final String API = "/api/";

	private final ObjectProvider<RequestMappingHandlerMapping> controllers;

	ApiHandlerLookup(ObjectProvider<RequestMappingHandlerMapping> controllers) {
		this.controllers = controllers;
	}

	@Override
	public @Nullable HandlerExecutionChain getHandler(HttpServletRequest request) throws Exception {
		if (!ServletRequestPathUtils.hasParsedRequestPath(request)
				|| !ServletRequestPathUtils.getParsedRequestPath(request)
					.pathWithinApplication()
					.value()
					.startsWith(API)) {
			return null;
		}
		return this.controllers.getObject().getHandler(request);
	}

	@Override
	public boolean usesPathPatterns() {
		return true;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
