package app.leaderboard.store.redis.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.support.RawRedisTestBase;
import app.leaderboard.core.BoardRow;

/**
 * A rebuild's snapshot may be older than a move or a hide that reached Redis while it
 * ran: the build must not bring such a user back with the swap (the board's version hash
 * says they left), and it must keep a user who came back since.
 */
class BoardBuildIntegrationTests extends RawRedisTestBase {

	@Autowired
	RedisBuilds builds;

	@Autowired
	Periods periods;

	@Test
	void aSnapshotRowOfAUserWhoLeftMeanwhileStaysOutOfTheSwappedBoard() {
		PeriodInstance eu = this.periods.current(Period.DAILY).in(Scope.region("eu"));
		KeyBuild<BoardRow> build = this.builds.boardBuild(eu);
		// while the build runs: "gone" leaves the board at version 5 (board_leave.lua),
		// "back" left at 3 and joined again at 7 (board_touch.lua)
		this.raw.commands().hset(this.keys.boardVersions(eu), "gone", "-5");
		this.raw.commands().hset(this.keys.boardVersions(eu), "back", "7");

		// the snapshot, taken before all that, still lists both
		for (String user : List.of("stays", "gone", "back")) {
			build.add(new BoardRow(user, 3, this.clock.instant()));
		}
		build.complete();

		assertThat(this.raw.commands().zrange(this.keys.board(eu), 0, -1)).contains("stays", "back")
			.doesNotContain("gone");
	}

	@Test
	void aBuildOnARedisThatForgotItsScriptsSendsThemInFull() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		// a restarted or newly promoted node: the batches' EVALSHA answers NOSCRIPT
		this.raw.commands().scriptFlush();
		long loads = this.raw.commandCalls().getOrDefault("script|load", 0L);

		KeyBuild<BoardRow> build = this.builds.boardBuild(daily);
		for (String user : List.of("a", "b")) {
			build.add(new BoardRow(user, 3, this.clock.instant()));
		}
		build.complete();

		assertThat(this.raw.commands().zrange(this.keys.board(daily), 0, -1)).contains("a", "b");
		// no SCRIPT LOAD, which a cluster sends to every node, a dead one included
		assertThat(this.raw.commandCalls().getOrDefault("script|load", 0L)).isEqualTo(loads);
	}

	@Test
	void onlyTheBuildThatStartedTheBuildKeySwapsItIn() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		KeyBuild<BoardRow> lost = this.builds.boardBuild(daily);
		lost.add(new BoardRow("from-lost", 3, this.clock.instant()));
		// its lock expired or vanished: another builder starts the same board over
		KeyBuild<BoardRow> current = this.builds.boardBuild(daily);

		lost.complete();
		assertThat(this.raw.commands().zrange(this.keys.board(daily), 0, -1)).doesNotContain("from-lost");

		current.add(new BoardRow("from-current", 3, this.clock.instant()));
		current.complete();
		assertThat(this.raw.commands().zrange(this.keys.board(daily), 0, -1)).contains("from-current");
	}

	@Test
	void aBuildWhoseKeysRedisLostSwapsNothingIn() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		KeyBuild<BoardRow> build = this.builds.boardBuild(daily);
		build.add(new BoardRow("before", 3, this.clock.instant()));
		this.redis.deleteOwnKeys();
		build.add(new BoardRow("after", 3, this.clock.instant()));

		build.complete();

		assertThat(this.raw.commands().exists(this.keys.board(daily), this.keys.boardBuild(daily))).isZero();
	}

}
