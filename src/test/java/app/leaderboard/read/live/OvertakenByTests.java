package app.leaderboard.read.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.leaderboard.read.BoardPage;

/** Who passed a user, from the windows two events saw. */
class OvertakenByTests {

	private static final String BOARD = "daily:2026-11-25";

	@Test
	void usersFromBelowThatAreAboveNowPassedNearestFirst() {
		OvertakenBy.Seen before = seen("a:9", "me:5", "b:4", "c:3");
		OvertakenBy.Seen now = seen("a:9", "c:8", "b:6", "me:5");
		assertThat(OvertakenBy.passers(before, now)).containsExactly("b", "c");
	}

	@Test
	void nobodyPassedWhenTheBoardOrTheStartChanged() {
		OvertakenBy.Seen now = seen("b:6", "me:5");
		assertThat(OvertakenBy.passers(null, now)).isEmpty();
		assertThat(OvertakenBy.passers(seen("me:5", "b:4"), now)).containsExactly("b");
		OvertakenBy.Seen yesterday = OvertakenBy.seen("daily:2026-11-24", "me", entries("me:5", "b:4"));
		assertThat(OvertakenBy.passers(yesterday, now)).isEmpty();
		// not on the board before (no score): nobody passed them, they joined
		assertThat(OvertakenBy.passers(seen("b:4"), now)).isEmpty();
	}

	@Test
	void theUserPassingOthersIsNoPasser() {
		assertThat(OvertakenBy.passers(seen("a:9", "b:6", "me:5"), seen("me:10", "a:9", "b:6"))).isEmpty();
	}

	@Test
	void aUserListedNowhereBeforeCameFromBelowWhenTheWindowHeldTheWholeTop() {
		assertThat(OvertakenBy.passers(seen("a:9", "me:5"), seen("a:9", "new:7", "me:5"))).containsExactly("new");
	}

	@Test
	void outsideAFullWindowOnlyTotalsUnderTheOldTopCountAsPassers() {
		// 30 users above: the window held top5 (995) to top29 (971), not the whole top
		List<String> before = new ArrayList<>();
		for (int i = 0; i < OvertakenBy.WINDOW + 5; i++) {
			before.add("top" + i + ":" + (1000 - i));
		}
		before.add("me:5");
		// me climbs to 980; far (997) was listed nowhere and is above what the window's
		// top had, so maybe above all along; jumper (990) is under it, so came from below
		List<String> now = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			now.add("top" + i + ":" + (1000 - i));
			if (i == 3) {
				now.add("far:997");
			}
			if (i == 9) {
				now.add("jumper:990");
			}
		}
		now.add("me:980");
		List<String> passers = OvertakenBy.passers(seen(before.toArray(String[]::new)),
				seen(now.toArray(String[]::new)));
		assertThat(passers).containsExactly("jumper");
	}

	@Test
	void atMostTenAreListed() {
		List<String> before = new ArrayList<>(List.of("me:1"));
		List<String> now = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			before.add("p" + i + ":1");
			now.add("p" + i + ":" + (100 - i));
		}
		now.add("me:1");
		assertThat(OvertakenBy.passers(seen(before.toArray(String[]::new)), seen(now.toArray(String[]::new))))
			.hasSize(OvertakenBy.MAX)
			.startsWith("p14", "p13");
	}

	/** A window seen by "me": {@code user:total} in board order. */
	private static OvertakenBy.Seen seen(String... users) {
		return OvertakenBy.seen(BOARD, "me", entries(users));
	}

	private static List<BoardPage.Entry> entries(String... users) {
		List<BoardPage.Entry> entries = new ArrayList<>();
		for (String user : users) {
			String[] parts = user.split(":");
			entries.add(new BoardPage.Entry(entries.size() + 1, parts[0], Long.parseLong(parts[1])));
		}
		// the window around "me": WINDOW above at most, as the board read gives it
		int at = 0;
		for (int i = 0; i < entries.size(); i++) {
			if (entries.get(i).userId().equals("me")) {
				at = i;
			}
		}
		return entries.subList(Math.max(0, at - OvertakenBy.WINDOW), entries.size());
	}

}
