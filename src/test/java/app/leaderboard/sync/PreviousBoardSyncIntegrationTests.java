package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.operate.generate.SyntheticUsers;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * {@code POST /admin/sync} rebuilds every board Redis serves (docs/consistency.md, "Every
 * board Redis serves"): the boards that just ended too, global and of every region and
 * organisation, even when they were loaded before their data existed.
 */
class PreviousBoardSyncIntegrationTests extends IntegrationTestBase {

	@Autowired
	private Periods periods;

	@Autowired
	private PreviousBoardWarmer warmer;

	@Autowired
	private SyntheticUsers generator;

	@Test
	void aSyncRebuildsTheBoardsThatJustEndedGlobalAndScoped() {
		// loaded (empty) before their data existed, as the warmer does at start
		this.warmer.warm();
		for (PeriodInstance board : PreviousBoardsTestSupport.justEnded(this.periods)) {
			assertThat(this.redis.boardMembers(board)).as(board.id()).hasValue(0);
		}
		// generate writes PostgreSQL only, for the current periods and the ones before
		PreviousBoardsTestSupport.generate(this.generator);

		Response sync = this.api.post("/api/redis-leaderboard/admin/sync", null, admin());

		assertThat(sync.status()).as(sync.text()).isEqualTo(200);
		Consistency consistency = new Consistency(this.jdbc, this.redis, this.periods, null);
		for (PeriodInstance board : PreviousBoardsTestSupport.justEnded(this.periods)) {
			assertThat(consistency.postgres(board)).as(board.id()).hasSizeGreaterThan(20);
			for (Scope scope : PreviousBoardsTestSupport.READ_SCOPES) {
				// loaded by the sync, not by this read: read it before anything else
				// could
				assertThat(this.redis.boardLoaded(board.in(scope))).as(board.in(scope).id()).isTrue();
				assertThat(PreviousBoardsTestSupport.difference(this.api, consistency, board.in(scope))).isNull();
			}
		}
	}

}
