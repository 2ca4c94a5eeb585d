package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Competition ranks across pages ({@link Ranks}), without a server: ties share a rank,
 * the next skips.
 */
class RankPagingTests {

	private static List<String> ranked(long above, long offset, Ranks.Row... rows) {
		return Ranks.entries(above, offset, List.of(rows))
			.stream()
			.map((entry) -> entry.rank() + ":" + entry.userId() + ":" + entry.score())
			.toList();
	}

	private static Ranks.Row row(String userId, long total) {
		return new Ranks.Row(userId, total);
	}

	@Test
	void theTopPageRanksTiesTogetherAndSkipsAfterThem() {
		assertThat(ranked(0, 0, row("a", 9), row("b", 7), row("c", 7), row("d", 5))).containsExactly("1:a:9", "2:b:7",
				"2:c:7", "4:d:5");
	}

	@Test
	void aPageThatStartsInsideATieTakesTheTiesRankFromTheUsersAbove() {
		// board a9 b7 c7 d7 e5; the page starts at c (offset 2), one user above 7
		assertThat(ranked(1, 2, row("c", 7), row("d", 7), row("e", 5))).containsExactly("2:c:7", "2:d:7", "5:e:5");
	}

	@Test
	void aPageThatStartsAfterATieRanksByPosition() {
		// board a9 b7 c7 d5 e5 f3; the page starts at d (offset 3), three above 5
		assertThat(ranked(3, 3, row("d", 5), row("e", 5), row("f", 3))).containsExactly("4:d:5", "4:e:5", "6:f:3");
	}

	@Test
	void anEmptyPageHasNoEntries() {
		assertThat(Ranks.entries(0, 100, List.of())).isEmpty();
	}

	@Test
	void everyoneTiedSharesRankOne() {
		assertThat(ranked(0, 0, row("a", 0), row("b", 0), row("c", 0))).containsExactly("1:a:0", "1:b:0", "1:c:0");
	}

}
