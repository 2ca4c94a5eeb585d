package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.lettuce.core.RestoreArgs;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.support.RawRedisTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * After a failover, everything changed since Redis was last known healthy is re-applied,
 * however late the failover is detected, with each user's whole state: a mover's lost
 * removal from the scope they left too. The failover is played on the one Redis of the
 * tests: the keys a promoted replica would lack an update for are put back as they were
 * before it (DUMP, RESTORE), after the update was acknowledged and its outbox row
 * forgotten; the late detection is the service's clock moved on.
 */
class FailoverWindowIntegrationTests extends RawRedisTestBase {

	@Autowired
	Periods periods;

	@Autowired
	TopologyRepair topology;

	@Test
	void aFailoverDetectedLongAfterTheLastHealthyMomentStillHasItsLostWritesRepaired() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		assertThat(this.api.update("early", 2).status()).isEqualTo(200);
		awaitConfirmedNow();
		byte[] replica = this.raw.commands().dump(this.keys.board(daily));

		// acknowledged by the master, which dies before its replica has it
		assertThat(this.api.update("lost", 4).status()).isEqualTo(200);
		awaitOutboxEmpty();
		this.raw.commands().restore(this.keys.board(daily), replica, new RestoreArgs().replace());
		assertThat(this.redis.totals(daily, List.of("lost"))).isEmpty();
		// it was written two minutes before the failover is detected, three minutes after
		// Redis was last confirmed healthy: past the fixed minute the repair used to
		// cover
		this.jdbc.update("update users set changed_at = changed_at - interval '2 minutes' where user_id = 'lost'");
		this.topology.changed();
		this.clock.advance(Duration.ofMinutes(3));

		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(this.redis.totals(daily, List.of("lost", "early"))).containsEntry("lost", 4L)
						.containsEntry("early", 2L));
	}

	@Test
	void aMoversRemovalLostInAFailoverIsRepaired() {
		PeriodInstance daily = this.periods.current(Period.DAILY);
		PeriodInstance eu = daily.in(Scope.region("eu"));
		PeriodInstance us = daily.in(Scope.region("us"));
		assertThat(update("mover", 3, "eu").status()).isEqualTo(200);
		// loaded (by the warm-up), so that nothing but the repair rebuilds it below
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.redis.boardLoaded(eu) && this.redis.totals(eu, List.of("mover")).containsKey("mover"));
		awaitConfirmedNow();
		byte[] board = this.raw.commands().dump(this.keys.board(eu));
		byte[] versions = this.raw.commands().dump(this.keys.boardVersions(eu));

		// the move to "us" is acknowledged; the promoted replica never got its removal
		// from the "eu" boards, whose outbox row is gone
		assertThat(update("mover", 1, "us").status()).isEqualTo(200);
		awaitOutboxEmpty();
		this.raw.commands().restore(this.keys.board(eu), board, new RestoreArgs().replace());
		if (versions != null) {
			this.raw.commands().restore(this.keys.boardVersions(eu), versions, new RestoreArgs().replace());
		}
		else {
			this.raw.commands().del(this.keys.boardVersions(eu));
		}
		assertThat(this.redis.totals(eu, List.of("mover"))).containsKey("mover");
		this.topology.changed();

		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.redis.totals(eu, List.of("mover"))).isEmpty());
		assertThat(this.redis.totals(us, List.of("mover"))).containsEntry("mover", 4L);
		assertThat(this.redis.totals(daily, List.of("mover"))).containsEntry("mover", 4L);
	}

	/** Waits for a look at Redis at the clock's current moment to be confirmed. */
	private void awaitConfirmedNow() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.topology.confirmed().equals(this.clock.instant()));
	}

	/**
	 * The acknowledged updates' outbox rows are forgotten: the relay cannot repair them.
	 */
	private void awaitOutboxEmpty() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.queryForObject("select count(*) from outbox", Long.class) == 0);
	}

	private Response update(String user, int count, String region) {
		return this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"" + user + "\",\"count\":" + count + ",\"region\":\"" + region + "\"}");
	}

}
