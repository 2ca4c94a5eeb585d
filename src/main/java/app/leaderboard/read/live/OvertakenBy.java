package app.leaderboard.read.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import app.leaderboard.read.BoardPage;

/**
 * Who passed a user between two events, from the board window around the user that each
 * event read ({@link #WINDOW} positions above and below). A user above now passed them if
 * they were below at the previous event: listed below then, or listed nowhere while the
 * window above was the whole top of the board, or listed nowhere with a total now under
 * what the farthest user above had then (totals only grow within a period, so such a user
 * cannot have been further up). A user who jumped from further than the window below to a
 * total past the old window's top is not told apart from one who was above all along, and
 * is left out. Only users on the board are in a window, so hidden users never appear.
 */
final class OvertakenBy {

	/** Board positions read above and below the user. */
	static final int WINDOW = 25;

	/** Users listed in one event at most. */
	static final int MAX = 10;

	private OvertakenBy() {
	}

	/**
	 * What one event saw: the board it was on, the users above the user (nearest first)
	 * with their totals, and those below.
	 */
	record Seen(String board, boolean ranked, List<String> above, Map<String, Long> totals, Set<String> below,
			boolean wholeTop) {

		/** The smallest total of the users listed above then: the farthest one's. */
		long farthestAbove() {
			return this.above.isEmpty() ? Long.MAX_VALUE : this.totals.get(this.above.get(this.above.size() - 1));
		}

	}

	/**
	 * The window of {@code entries} (board order, the user among them, empty when the
	 * user is not on the board) seen on {@code board}.
	 */
	static Seen seen(String board, String userId, List<BoardPage.Entry> entries) {
		int at = -1;
		for (int i = 0; i < entries.size(); i++) {
			if (entries.get(i).userId().equals(userId)) {
				at = i;
			}
		}
		if (at < 0) {
			return new Seen(board, false, List.of(), Map.of(), Set.of(), false);
		}
		List<String> above = new ArrayList<>();
		Map<String, Long> totals = new HashMap<>();
		for (int i = at - 1; i >= 0; i--) {
			above.add(entries.get(i).userId());
			totals.put(entries.get(i).userId(), entries.get(i).score());
		}
		Set<String> below = new HashSet<>();
		for (int i = at + 1; i < entries.size(); i++) {
			below.add(entries.get(i).userId());
		}
		// fewer than the window above: the window reaches the top of the board
		return new Seen(board, true, List.copyOf(above), Map.copyOf(totals), Set.copyOf(below), at < WINDOW);
	}

	/**
	 * The users above now who were below at {@code before}, nearest first, at most
	 * {@link #MAX}; none when there was no event before, the board changed (a new period,
	 * another scope), or the user was not ranked then or now.
	 */
	static List<String> passers(@Nullable Seen before, Seen now) {
		if (before == null || !before.board().equals(now.board()) || !before.ranked() || !now.ranked()) {
			return List.of();
		}
		List<String> passed = new ArrayList<>();
		for (String user : now.above()) {
			if (passed.size() == MAX) {
				break;
			}
			if (wasBelow(before, user, now.totals().get(user))) {
				passed.add(user);
			}
		}
		return passed;
	}

	private static boolean wasBelow(Seen before, String user, long totalNow) {
		if (before.below().contains(user)) {
			return true;
		}
		if (before.totals().containsKey(user)) {
			return false;
		}
		return before.wholeTop() || totalNow < before.farthestAbove();
	}

}
