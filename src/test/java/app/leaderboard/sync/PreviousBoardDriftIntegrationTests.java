package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.operate.generate.SyntheticUsers;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.RawRedis;
import app.leaderboard.support.SelfRepairContext;

/**
 * The drift check covers the boards that just ended too (docs/consistency.md, "Every
 * board Redis serves"): one that differs from PostgreSQL converges by itself, with no
 * admin call, within two drift intervals ({@code LEADERBOARD_DRIFT_INTERVAL} is 1 s here)
 * and a rebuild.
 */
@SelfRepairContext
class PreviousBoardDriftIntegrationTests extends IntegrationTestBase {

	private static final Duration INTERVAL = Duration.ofSeconds(1);

	/** Two checks, then the rebuild; a busy machine gets a few seconds more. */
	private static final Duration CONVERGE = INTERVAL.multipliedBy(2).plusSeconds(6);

	@Autowired
	private Periods periods;

	@Autowired
	private PreviousBoardWarmer warmer;

	@Autowired
	private SyntheticUsers generator;

	@Autowired
	private RedisConnector connector;

	@Test
	void aBoardThatJustEndedLoadedBeforeItsDataExistedConvergesByItself() {
		this.warmer.warm();
		PreviousBoardsTestSupport.generate(this.generator);
		Consistency consistency = new Consistency(this.jdbc, this.redis, this.periods, null);

		long generated = System.nanoTime();
		for (PeriodInstance board : PreviousBoardsTestSupport.justEnded(this.periods)) {
			Awaitility.await()
				.atMost(CONVERGE)
				.pollInterval(Duration.ofMillis(100))
				.untilAsserted(
						() -> assertThat(PreviousBoardsTestSupport.difference(this.api, consistency, board)).isNull());
		}
		System.out
			.println("boards that just ended converged after " + (System.nanoTime() - generated) / 1_000_000 + " ms");
	}

	@Test
	void aRegionsBoardThatJustEndedChangedBehindTheServicesBackIsRepaired() {
		PreviousBoardsTestSupport.generate(this.generator);
		this.api.post("/api/redis-leaderboard/admin/sync", null, admin());
		Consistency consistency = new Consistency(this.jdbc, this.redis, this.periods, null);
		PeriodInstance board = PreviousBoardsTestSupport.justEnded(this.periods).get(0).in(Scope.region("region-2"));
		assertThat(PreviousBoardsTestSupport.difference(this.api, consistency, board)).isNull();
		String member = consistency.postgres(board).keySet().iterator().next();

		try (RawRedis raw = new RawRedis(this.connector)) {
			raw.commands().zadd(this.keys.board(board), BoardScore.encode(9_999, this.clock.instant(), board), member);
			raw.commands().zrem(this.keys.board(board), consistency.postgres(board).keySet().toArray(String[]::new)[1]);
		}
		assertThat(PreviousBoardsTestSupport.difference(this.api, consistency, board)).isNotNull();

		Awaitility.await()
			.atMost(CONVERGE)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(
					() -> assertThat(PreviousBoardsTestSupport.difference(this.api, consistency, board)).isNull());
	}

}
