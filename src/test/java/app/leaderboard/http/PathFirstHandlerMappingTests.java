package app.leaderboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The segment count that rules a mapping out before its pattern is matched: it must never
 * rule out a path the pattern matches.
 */
class PathFirstHandlerMappingTests {

	@Test
	void aPatternIsRuledOutOnlyByPathsOfAnotherLength() {
		assertFits("/api/redis-leaderboard/{period}", "/api/redis-leaderboard/daily");
		assertFits("/api/redis-leaderboard/user/{userId}/rank/{period}",
				"/api/redis-leaderboard/user/a.b@c/rank/weekly");
		assertFits("/api/redis-leaderboard/{period}", "/api/redis-leaderboard/daily/");
		assertFits("/", "/");
		assertFits("/assets/*.js", "/assets/api.js");
		assertFits("/v3/api-docs/{group}", "/v3/api-docs/x");
		assertThat(PathFirstHandlerMapping.length(parse("/api/redis-leaderboard/{period}")))
			.isNotEqualTo(PathContainer.parsePath("/api/redis-leaderboard/user/u1").elements().size());
		assertThat(PathFirstHandlerMapping.length(parse("/swagger-ui/**"))).isEqualTo(-1);
		assertThat(PathFirstHandlerMapping.length(parse("/files/{*rest}"))).isEqualTo(-1);
		assertThat(PathFirstHandlerMapping.length(parse("/files/{name:[a-z]+}"))).isEqualTo(-1);
	}

	private static void assertFits(String pattern, String path) {
		PathPattern parsed = parse(pattern);
		PathContainer container = PathContainer.parsePath(path);
		int elements = container.elements().size();
		int length = PathFirstHandlerMapping.length(parsed);
		if (parsed.matches(container)) {
			assertThat(length < 0 || elements == length || elements == length + 1).as(pattern + " " + path).isTrue();
		}
	}

	private static PathPattern parse(String pattern) {
		return PathPatternParser.defaultInstance.parse(pattern);
	}

}
