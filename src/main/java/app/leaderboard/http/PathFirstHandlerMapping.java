package app.leaderboard.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's handler lookup with the path compared first. A path with variables
 * ({@code /user/{userId}/rank/{period}}) is not among Spring's direct paths, so every
 * request mapping of the service is tried in turn, and Spring tries each one's method,
 * CORS pre-flight, parameter, header and media type conditions before its path: each a
 * call through the request's wrappers (Spring Security adds several). That was a quarter
 * of a rank read's CPU (docs/development.md, "The read path's cost"). Here a mapping
 * whose path patterns cannot match the request's path is ruled out at once: first by the
 * number of segments, where the pattern has a fixed number, then with the same
 * {@link PathPattern#matches} Spring would run last (every pattern here begins with the
 * same literal segments, so comparing them for every mapping was the larger part). A
 * mapping whose path matches is then checked in full by Spring, so the outcome is the
 * same for every request; only the mappings that could never match cost less.
 */
final class PathFirstHandlerMapping extends RequestMappingHandlerMapping {

	/** The path of the request being looked up on this thread, parsed once. */
	private static final ThreadLocal<@Nullable PathContainer> PATH = new ThreadLocal<>();

	/** Per pattern, how many path elements it matches; -1 when that varies. */
	private final Map<PathPattern, Integer> lengths = new ConcurrentHashMap<>();

	@Override
	protected @Nullable HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
			throws Exception {
		PATH.set(ServletRequestPathUtils.hasParsedRequestPath(request)
				? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication() : null);
		try {
			return super.lookupHandlerMethod(lookupPath, request);
		}
		finally {
			PATH.remove();
		}
	}

	@Override
	protected @Nullable RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
		PathContainer path = PATH.get();
		PathPatternsRequestCondition patterns = info.getPathPatternsCondition();
		if (path != null && patterns != null && !anyMatches(patterns, path)) {
			return null;
		}
		return super.getMatchingMapping(info, request);
	}

	private boolean anyMatches(PathPatternsRequestCondition patterns, PathContainer path) {
		int elements = path.elements().size();
		for (PathPattern pattern : patterns.getPatterns()) {
			int length = this.lengths.computeIfAbsent(pattern, PathFirstHandlerMapping::length);
			// a trailing separator may be optional
			boolean fits = length < 0 || elements == length || elements == length + 1;
			if (fits && pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The path elements (separators and segments) a pattern matches, -1 when it may match
	 * several segments ({@code **}, <code>{*rest}</code>), or holds a regular expression
	 * (<code>{name:...}</code>), which is left to Spring: each segment stands for one.
	 */
	static int length(PathPattern pattern) {
		String text = pattern.getPatternString();
		if (text.contains("**") || text.contains("{*") || text.contains(":")) {
			return -1;
		}
		return PathContainer.parsePath(text.replaceAll("[^/]+", "x")).elements().size();
	}

}
