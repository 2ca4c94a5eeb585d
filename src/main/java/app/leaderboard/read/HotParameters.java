package app.leaderboard.read;

import org.jspecify.annotations.Nullable;
import org.springframework.util.NumberUtils;

import app.leaderboard.core.UserIds;
import app.leaderboard.http.InvalidRequestException;

/**
 * The parameters of the hottest reads (a board page, a user, a rank) checked here rather
 * than by constraint annotations: Spring validates an annotated method through Hibernate
 * Validator on every request, a tenth of a board read's CPU (docs/development.md, "The
 * read path's cost"). The rules, their messages and their order are those the annotations
 * gave: a value that is not a number first, in the order of the parameters (as binding
 * reported it), then the bounds; numbers are parsed as Spring parses them
 * ({@link NumberUtils#parseNumber}: whitespace dropped, hexadecimal allowed). The API
 * description still shows the bounds and the pattern ({@code @Schema} on the parameters).
 */
final class HotParameters {

	/** A board page's size and start, defaults applied. */
	record Page(int limit, long offset) {
	}

	private HotParameters() {
	}

	static Page page(@Nullable String limit, @Nullable String offset) {
		Integer size = number(limit, Integer.class, BoardController.LIMIT_RULE);
		Long start = number(offset, Long.class, BoardController.OFFSET_RULE);
		if (size != null && (size < 1 || size > 1000)) {
			throw new InvalidRequestException(BoardController.LIMIT_RULE);
		}
		if (start != null && (start < 0 || start > BoardController.MAX_OFFSET)) {
			throw new InvalidRequestException(BoardController.OFFSET_RULE);
		}
		return new Page((size != null) ? size : 10, (start != null) ? start : 0);
	}

	static String userId(String userId) {
		if (!UserIds.PATTERN.matcher(userId).matches()) {
			throw new InvalidRequestException(UserIds.RULE);
		}
		return userId;
	}

	private static <T extends Number> @Nullable T number(@Nullable String value, Class<T> type, String rule) {
		if (value == null) {
			return null;
		}
		try {
			return NumberUtils.parseNumber(value, type);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidRequestException(rule);
		}
	}

}
