package app.leaderboard.store.redis.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.Membership;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.PeriodScore;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.core.UserRow;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.support.ChecksumRecount;
import app.leaderboard.support.RawRedisTestBase;

/**
 * A rebuild's snapshot may be older than a move or a hide that reached Redis while it
 * ran: the build must not bring such a user back with the swap (the board's version hash
 * says they left), and it must keep a user who came back since. Only the build that owns
 * the build key writes into it and swaps it in, and a builder that dies leaves nothing
 * that lives longer than a lock.
 */
class BoardBuildIntegrationTests extends RawRedisTestBase {

	@Autowired
	RedisBuilds builds;

	@Autowired
	Periods periods;

	@Autowired
	RedisBoardWrites writes;

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
	void theSwappedBoardsChecksumCountsTheBatchesAndTheUpdatesBesideThem() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		KeyBuild<BoardRow> build = this.builds.boardBuild(daily);
		// updates that reach the build key before the snapshot's rows: "ahead" with a
		// higher total than its row (the update's stays), "behind" with a lower one (the
		// row's wins), "extra" with none; and "gone", who left meanwhile
		this.writes.applyBoard(List.of(user("ahead", 9), user("behind", 2), user("extra", 4)), daily);
		this.raw.commands().hset(this.keys.boardVersions(daily), "gone", "-5");

		build.add(new BoardRow("ahead", 5, this.clock.instant()));
		build.add(new BoardRow("behind", 6, this.clock.instant()));
		build.add(new BoardRow("gone", 3, this.clock.instant()));
		// more than a batch, so that updates also meet rows already added: the batch is
		// on the same connection as the update, ahead of it
		IntStream.range(0, 2500).forEach((i) -> build.add(new BoardRow("user" + i, 1 + i % 7, this.clock.instant())));
		this.writes.applyBoard(List.of(user("user10", 50)), daily);
		build.complete();

		Map<String, String> check = this.raw.commands().hgetall(this.keys.boardCheck(daily));
		Map<String, Long> sums = new HashMap<>();
		check.forEach((field, value) -> sums.put(field, Long.parseLong(value)));
		Map<String, Long> recount = ChecksumRecount.of(this.raw.commands(), this.keys.board(daily), daily);
		assertThat(sums.get("all")).isEqualTo(recount.get("all"));
		assertThat(sums).isEqualTo(recount);
		assertThat(sums.get("n")).isEqualTo(2503);
		assertThat(this.raw.commands().zscore(this.keys.board(daily), "ahead"))
			.isEqualTo(BoardScore.encode(9, this.clock.instant(), daily));
		assertThat(this.raw.commands().exists(this.keys.boardBuildTouched(daily))).isZero();
	}

	private UserScores user(String id, long total) {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		return new UserScores(id, 1, this.clock.instant(), List.of(new PeriodScore(daily, total, this.clock.instant())),
				Membership.NONE);
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

	@Test
	void aStalledBuildsLateBatchesNeverReachTheBuildThatTookOver() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		KeyBuild<BoardRow> stalled = this.builds.boardBuild(daily);
		// it stalled past its lock's time to live; another builder starts the board over
		KeyBuild<BoardRow> current = this.builds.boardBuild(daily);

		// the stalled one wakes up and sends what it had read from its older snapshot
		stalled.add(new BoardRow("from-stalled", 9, this.clock.instant()));
		stalled.complete();
		current.add(new BoardRow("from-current", 3, this.clock.instant()));
		current.complete();

		assertThat(this.raw.commands().zrange(this.keys.board(daily), 0, -1)).contains("from-current")
			.doesNotContain("from-stalled");
	}

	@Test
	void aKilledBuildersKeysExpireByThemselves() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		KeyBuild<BoardRow> board = this.builds.boardBuild(daily);
		for (int i = 0; i < 1500; i++) {
			board.add(new BoardRow("user" + i, 3, this.clock.instant()));
		}
		RowBuild<UserRow> users = this.builds.usersBuild(Set.of(7));
		users.add(new UserRow(userOfBucket(7), 1, this.clock.instant(), Membership.NONE));
		// the builders die here: nothing renews their keys any more, and they live no
		// longer than a lock (30 s)

		String boardOwner = this.keys.boardBuild(daily) + ":owner";
		String usersOwner = this.keys.usersBucketBuild(7) + ":owner";
		for (String key : List.of(this.keys.boardBuild(daily), boardOwner, this.keys.usersBucketBuild(7), usersOwner)) {
			assertThat(this.raw.commands().pttl(key)).as(key).isBetween(1L, 30_000L);
		}
	}

	@Test
	void aLiveBuildKeepsItsKeysAliveAndTheSwapGivesTheLiveKeyItsOwnLife() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		KeyBuild<BoardRow> board = this.builds.boardBuild(daily);
		board.add(new BoardRow("someone", 3, this.clock.instant()));
		RowBuild<UserRow> users = this.builds.usersBuild(Set.of(7));
		users.add(new UserRow(userOfBucket(7), 1, this.clock.instant(), Membership.NONE));
		this.raw.commands().pexpire(this.keys.boardBuild(daily), 1000);
		this.raw.commands().pexpire(this.keys.usersBucketBuild(7), 1000);

		// what the builder's lock does with each of its renewals
		assertThat(board.keepAlive()).isTrue();
		assertThat(users.keepAlive()).isTrue();
		assertThat(this.raw.commands().pttl(this.keys.boardBuild(daily))).isGreaterThan(1000);
		assertThat(this.raw.commands().pttl(this.keys.usersBucketBuild(7))).isGreaterThan(1000);

		board.complete();
		users.complete();
		assertThat(board.keepAlive()).isTrue();
		assertThat(this.raw.commands().pttl(this.keys.board(daily))).isGreaterThan(30_000L);
		assertThat(this.raw.commands().pttl(this.keys.usersBucket(7))).isEqualTo(-1);
	}

	@Test
	void aRenewalOfABuildAnotherBuilderTookOverSaysSo() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		KeyBuild<BoardRow> stalled = this.builds.boardBuild(daily);
		this.builds.boardBuild(daily);

		assertThat(stalled.keepAlive()).isFalse();
	}

	private static String userOfBucket(int bucket) {
		return IntStream.iterate(0, (i) -> i + 1)
			.mapToObj((i) -> "user" + i)
			.filter((user) -> RedisKeys.userBucket(user) == bucket)
			.findFirst()
			.orElseThrow();
	}

}
