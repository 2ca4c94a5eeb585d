package app.leaderboard.core;

import java.util.Optional;

/**
 * The rule for names people see: 1 to 32 code points after {@link String#strip()}, no
 * control, format or line/paragraph separator characters (Cc, Cf, Zl, Zp) except the zero
 * width joiner and the tag characters that emoji sequences need, and no unpaired
 * surrogates. A name is kept as sent (stripped, not normalised).
 */
public final class DisplayNames {

	public static final int MAX_CODE_POINTS = 32;

	public static final String RULE = "display_name must be a string of 1 to 32 characters without control, format "
			+ "or line separator characters (or null).";

	private static final int ZERO_WIDTH_JOINER = 0x200D;

	private DisplayNames() {
	}

	/** The name to store, or empty when {@code raw} breaks the rule. */
	public static Optional<String> valid(String raw) {
		String name = raw.strip();
		int length = name.codePointCount(0, name.length());
		if (length < 1 || length > MAX_CODE_POINTS) {
			return Optional.empty();
		}
		boolean allowed = name.codePoints().allMatch(DisplayNames::allowed);
		return allowed ? Optional.of(name) : Optional.empty();
	}

	private static boolean allowed(int codePoint) {
		if (codePoint == ZERO_WIDTH_JOINER || (codePoint >= 0xE0020 && codePoint <= 0xE007F)) {
			return true;
		}
		return switch (Character.getType(codePoint)) {
			// an unpaired surrogate is a code point of its own, of category Cs
			case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
					Character.SURROGATE ->
				false;
			default -> true;
		};
	}

}
