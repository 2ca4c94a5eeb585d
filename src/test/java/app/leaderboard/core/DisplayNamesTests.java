package app.leaderboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rule for names people see, by Unicode category (docs/api.md, "Names"). */
class DisplayNamesTests {

	@Test
	void namesAreStrippedAndKeptAsSentNotNormalised() {
		assertThat(DisplayNames.valid("  Alice \t")).contains("Alice");
		// "é" as e + combining acute (Mn) stays two code points, not normalised to one
		assertThat(DisplayNames.valid("Rene\u0301")).contains("Rene\u0301");
		assertThat(DisplayNames.valid("東京の花子")).contains("東京の花子");
		assertThat(DisplayNames.valid("a:b <i>x</i> & 'q'")).contains("a:b <i>x</i> & 'q'");
	}

	@Test
	void emojiSequencesWithZeroWidthJoinerAndTagsAreAllowed() {
		// family: man ZWJ woman ZWJ girl
		assertThat(DisplayNames.valid("👨\u200D👩\u200D👧")).isPresent();
		// flag of England: black flag, tag letters g b e n g, cancel tag
		assertThat(DisplayNames.valid("🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F"))
			.isPresent();
	}

	@Test
	void controlFormatAndSeparatorCharactersAreRejected() {
		assertThat(DisplayNames.valid("a\u0000b")).as("Cc NUL").isEmpty();
		assertThat(DisplayNames.valid("a\nb")).as("Cc line feed inside").isEmpty();
		assertThat(DisplayNames.valid("a\u007Fb")).as("Cc DEL").isEmpty();
		assertThat(DisplayNames.valid("a\u200Bb")).as("Cf zero width space").isEmpty();
		assertThat(DisplayNames.valid("a\u202Eb")).as("Cf right-to-left override").isEmpty();
		assertThat(DisplayNames.valid("a\uFEFFb")).as("Cf byte order mark").isEmpty();
		assertThat(DisplayNames.valid("a\u2028b")).as("Zl line separator").isEmpty();
		assertThat(DisplayNames.valid("a\u2029b")).as("Zp paragraph separator").isEmpty();
		assertThat(DisplayNames.valid("a\uDB40\uDC01b")).as("Cf language tag U+E0001, outside the allowed tags")
			.isEmpty();
	}

	@Test
	void unpairedSurrogatesAreRejected() {
		assertThat(DisplayNames.valid("a\uD83Db")).as("a lone high surrogate").isEmpty();
		assertThat(DisplayNames.valid("a\uDE00")).as("a lone low surrogate").isEmpty();
		assertThat(DisplayNames.valid("\uD83D\uDE00")).as("a pair is one emoji").contains("😀");
	}

	@Test
	void oneToThirtyTwoCodePointsAfterStripping() {
		assertThat(DisplayNames.valid("")).isEmpty();
		assertThat(DisplayNames.valid("   ")).isEmpty();
		assertThat(DisplayNames.valid("\u3000")).as("an ideographic space alone strips to nothing").isEmpty();
		assertThat(DisplayNames.valid("x")).contains("x");
		assertThat(DisplayNames.valid("x".repeat(32))).isPresent();
		assertThat(DisplayNames.valid("x".repeat(33))).isEmpty();
		// 32 emoji are 64 UTF-16 chars but 32 code points
		assertThat(DisplayNames.valid("😀".repeat(32))).isPresent();
		assertThat(DisplayNames.valid("😀".repeat(33))).isEmpty();
		assertThat(DisplayNames.valid("  " + "y".repeat(32) + "  ")).as("spaces around do not count").isPresent();
	}

}
