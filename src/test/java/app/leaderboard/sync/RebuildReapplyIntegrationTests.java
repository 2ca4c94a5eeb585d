package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * A rebuild's re-apply (docs/consistency.md, "Every board Redis serves") writes again the
 * users changed since its snapshot, and takes off the board those without a total on it.
 * The state it read must never win over a newer one that joined the board meanwhile.
 */
class RebuildReapplyIntegrationTests extends IntegrationTestBase {

	@Autowired
	private BoardReapply reapply;

	@Autowired
	private Periods periods;

	@Autowired
	private DataSource dataSource;

	@AfterEach
	void letReappliesRun() {
		this.reapply.onStatesRead((board) -> {
		});
	}

	/**
	 * The midnight load: carol's last pomodoro of yesterday commits while a transaction
	 * that began before it still runs, so today's rebuild re-applies her (a state with no
	 * total today). Between the re-apply's read of that state and its write, she posts
	 * her first pomodoro of today; the re-apply's removal of her older state must not
	 * take her off.
	 */
	@Test
	void aFirstScorePostedWhileARebuildReappliesItsUsersStaysOnTheBoard() throws Exception {
		PeriodInstance today = this.periods.current(Period.DAILY);
		CountDownLatch read = new CountDownLatch(1);
		CountDownLatch written = new CountDownLatch(1);
		this.reapply.onStatesRead((board) -> {
			if (board.equals(today) && read.getCount() > 0) {
				read.countDown();
				await(written);
			}
		});
		CompletableFuture<Optional<Long>> rebuilt;
		try (Connection running = this.dataSource.getConnection()) {
			// a transaction older than carol's: the rebuild's snapshot cannot tell
			// whether
			// it saw her, so it re-applies her
			running.setAutoCommit(false);
			try (Statement statement = running.createStatement()) {
				statement.execute("select pg_current_xact_id()");
			}
			this.clock.set(today.start().minusSeconds(1));
			assertThat(this.api.update("carol", 2).status()).isEqualTo(200);
			this.clock.set(today.start().plus(Duration.ofMinutes(1)));

			rebuilt = CompletableFuture.supplyAsync(() -> this.rebuild.rebuildBoard(today, true, (n) -> {
			}));
			assertThat(read.await(60, TimeUnit.SECONDS)).as("the re-apply read carol's state").isTrue();
			Response first = this.api.update("carol", 1);
			assertThat(first.status()).isEqualTo(200);
			written.countDown();
			running.commit();
		}
		assertThat(rebuilt.get(60, TimeUnit.SECONDS)).isPresent();

		// right after the rebuild, without waiting for drift
		Response board = this.api.get("/api/redis-leaderboard/daily");
		assertThat(board.source()).isEqualTo("redis");
		assertThat(board.entries(":")).containsExactly("1:carol:1");
		assertThat(this.api.get("/api/redis-leaderboard/user/carol/rank/daily").body()).extractingPath("$.rank")
			.isEqualTo(1);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
