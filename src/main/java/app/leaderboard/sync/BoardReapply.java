package app.leaderboard.sync;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.redis.board.RedisBoardWrites;

/**
 * A board rebuild's second net ({@link CacheRebuild}): the users changed since its
 * snapshot are written on the board again, on it where they count there with a total, off
 * it otherwise (moved away, hidden, or without a total in the state read here). Such a
 * removal must never win over a newer state that joins the board after the state was
 * read: a user's first pomodoro of the day, posted while the midnight load re-applies the
 * users of the minute before midnight. So the board's joins record their version before
 * the states are read ({@link RedisBoardWrites#recordJoins}), and a removal of an older
 * version leaves a newer join alone (board_touch.lua, board_leave.lua,
 * docs/consistency.md).
 */
@Component
class BoardReapply {

	/**
	 * How long the board's joins record their version after a chunk's states are read:
	 * far longer than writing a chunk takes, even on the slow maintenance connection.
	 */
	static final Duration RECORD_JOINS = Duration.ofMinutes(5);

	/** Users read and written at once. */
	private static final int CHUNK = 1000;

	private final BoardQueries queries;

	private final RedisBoardWrites writes;

	/** Runs between reading a chunk's states and writing them: where tests hold it. */
	private volatile Consumer<PeriodInstance> statesRead = (board) -> {
	};

	BoardReapply(BoardQueries queries, RedisBoardWrites writes) {
		this.queries = queries;
		this.writes = writes;
	}

	/**
	 * Writes the given users' current state on one board, the last step of its rebuild,
	 * and gives the board a new near cache generation.
	 */
	void reapply(Collection<String> userIds, PeriodInstance board) {
		List<String> all = List.copyOf(userIds);
		for (int from = 0; from < all.size(); from += CHUNK) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
			this.writes.recordJoins(board, RECORD_JOINS);
			List<UserScores> states = this.queries.usersScores(chunk, List.of(board.global()));
			this.statesRead.accept(board);
			this.writes.applyBoard(states, board);
		}
		// the swap deleted the board's generation: a new one lets the near cache keep its
		// pages again (docs/consistency.md, "The near cache")
		this.writes.rebuilt(board);
	}

	/** Runs {@code hook} after each chunk's states are read, before they are written. */
	void onStatesRead(Consumer<PeriodInstance> hook) {
		this.statesRead = hook;
	}

}
