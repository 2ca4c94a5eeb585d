package app.leaderboard.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Top percent (docs/api.md) and the competition ranks of a window. */
class RanksTests {

	@Test
	void topPercentIsRoundedUpToHundredths() {
		assertThat(Ranks.topPercent(1L, 1234)).isEqualTo(0.09);
		assertThat(Ranks.topPercent(617L, 1234)).isEqualTo(50.0);
		assertThat(Ranks.topPercent(1234L, 1234)).isEqualTo(100.0);
		assertThat(Ranks.topPercent(1L, 1)).isEqualTo(100.0);
		assertThat(Ranks.topPercent(2L, 3)).isEqualTo(66.67);
		assertThat(Ranks.topPercent(1L, 1_000_000)).isEqualTo(0.01);
		assertThat(Ranks.topPercent(null, 1234)).isNull();
	}

	@Test
	void aWindowThatStartsInsideATieKeepsTheTiesRank() {
		// positions 5 to 8 of a board whose tie at 7 began at position 3 (rank 4)
		List<BoardPage.Entry> entries = Ranks.entries(3, 5,
				List.of(new Ranks.Row("e", 7), new Ranks.Row("f", 7), new Ranks.Row("g", 5), new Ranks.Row("h", 5)));

		assertThat(entries).extracting(BoardPage.Entry::rank).containsExactly(4L, 4L, 8L, 8L);
	}

}
