package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.operate.generate.SyntheticUsers;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.MutableClock;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.TestApi;

/**
 * What the tests of the boards that just ended share: generated users written to
 * PostgreSQL only (as {@code generate} does), and a board read by date through the API
 * compared with what PostgreSQL holds.
 */
final class PreviousBoardsTestSupport {

	/** Enough users that yesterday's board and last week's have dozens of members. */
	static final int USERS = 400;

	/**
	 * Where generated users are: three regions, half of them in one of two organisations.
	 */
	static final SyntheticUsers.ScopeMix SCOPES = new SyntheticUsers.ScopeMix(3, 2, 0.5);

	/** The global board and some of the generated scopes. */
	static final List<Scope> READ_SCOPES = List.of(Scope.GLOBAL, Scope.region("region-1"), Scope.region("region-3"),
			Scope.org("org-2"));

	private PreviousBoardsTestSupport() {
	}

	static void generate(SyntheticUsers generator) {
		generator.generate(USERS, 7, MutableClock.DEFAULT, false, SCOPES, (n) -> {
		});
	}

	/** Yesterday's daily board and last week's weekly one. */
	static List<PeriodInstance> justEnded(Periods periods) {
		return List.of(periods.previous(periods.current(Period.DAILY)),
				periods.previous(periods.current(Period.WEEKLY)));
	}

	/**
	 * The board read by date (a region's or an organisation's too), or null when it is
	 * not answered from Redis with exactly PostgreSQL's members and totals, in board
	 * order; a description of the difference otherwise.
	 */
	static String difference(TestApi api, Consistency consistency, PeriodInstance board) {
		String path = "/api/redis-leaderboard/" + board.period().id() + "?limit=1000&date=" + board.startDate()
				+ switch (board.scope().kind()) {
					case GLOBAL -> "";
					case REGION -> "&region=" + board.scope().name();
					case ORG -> "&org=" + board.scope().name();
				};
		Map<String, Long> truth = consistency.postgres(board);
		Response response = api.get(path);
		assertThat(response.status()).as(response.text()).isEqualTo(200);
		if (!"redis".equals(response.source())) {
			return board.id() + " answered from " + response.source();
		}
		Map<String, Long> served = new HashMap<>();
		long previous = Long.MAX_VALUE;
		for (String entry : response.entries(":")) {
			String[] parts = entry.split(":");
			long score = Long.parseLong(parts[2]);
			if (score > previous) {
				return board.id() + " is not in board order at " + entry;
			}
			previous = score;
			served.put(parts[1], score);
		}
		long total = ((Number) response.read("$.total")).longValue();
		if (total != truth.size() || !served.equals(truth)) {
			return board.id() + ": Redis has " + total + " members " + served + ", PostgreSQL " + truth.size() + " "
					+ truth;
		}
		return null;
	}

}
