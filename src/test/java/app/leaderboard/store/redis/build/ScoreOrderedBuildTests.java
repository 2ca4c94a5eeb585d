package app.leaderboard.store.redis.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;

/**
 * A board's rows reach its build in runs sorted best first (what makes Redis's inserts
 * cheap), every row exactly once, whatever order PostgreSQL read them in.
 */
class ScoreOrderedBuildTests {

	private static final Comparator<BoardRow> BEST_FIRST = Comparator.comparingLong(BoardRow::total)
		.reversed()
		.thenComparing(BoardRow::reachedAt);

	private final PeriodInstance yearly = new PeriodInstance(Period.YEARLY, LocalDate.of(2026, 1, 1),
			Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));

	@Test
	void passesEveryRowOnOnceInRunsSortedBestFirst() {
		Instant start = this.yearly.start();
		List<BoardRow> rows = new ArrayList<>(IntStream.range(0, 1_000)
			// reached at least 128 s apart: the sort key leaves out finer differences
			.mapToObj((i) -> new BoardRow("user" + i, 1 + i % 7, start.plusSeconds(300L * (i % 13))))
			.toList());
		Collections.shuffle(rows, new Random(42));
		Received received = new Received();

		ScoreOrderedBuild build = new ScoreOrderedBuild(received, this.yearly, 300);
		rows.forEach(build::add);

		assertThat(build.complete()).isEqualTo(1_000);
		assertThat(received.rows).containsExactlyInAnyOrderElementsOf(rows);
		for (int from = 0; from < 1_000; from += 300) {
			List<BoardRow> run = received.rows.subList(from, Math.min(1_000, from + 300));
			assertThat(run).as("run from " + from).isSortedAccordingTo(BEST_FIRST);
			assertThat(run).containsExactlyInAnyOrderElementsOf(rows.subList(from, Math.min(1_000, from + 300)));
		}
	}

	@Test
	void completesAnEmptyBoard() {
		Received received = new Received();
		assertThat(new ScoreOrderedBuild(received, this.yearly).complete()).isZero();
		assertThat(received.completed).isTrue();
	}

	/** The build behind it: what it was given, in order. */
	private static final class Received implements RowBuild<BoardRow> {

		private final List<BoardRow> rows = new ArrayList<>();

		private boolean completed;

		@Override
		public void add(BoardRow row) {
			this.rows.add(row);
		}

		@Override
		public long complete() {
			this.completed = true;
			return this.rows.size();
		}

	}

}
