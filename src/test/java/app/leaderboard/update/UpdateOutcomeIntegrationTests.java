package app.leaderboard.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.core.ScoreLimits;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * 503 means nothing was applied, ever; 504 means the outcome is unknown, and a retry with
 * the same {@code Idempotency-Key} answers the true one (docs/api.md, "503 and 504").
 * PostgreSQL is stalled by the test itself: a row lock it holds, or a commit that waits
 * for an advisory lock it holds (a deferred trigger of the test's own), with short waits
 * so that the requests give up while their transactions still run.
 */
@TestPropertySource(properties = { "leaderboard.write-committers=1", "leaderboard.write-batch-window=0ms",
		"leaderboard.write-queue-wait=2s", "leaderboard.write-commit-wait=1s" })
class UpdateOutcomeIntegrationTests extends IntegrationTestBase {

	private static final String KEY = "Idempotency-Key";

	/** The advisory lock a stalled commit waits for while the test holds it. */
	private static final int COMMITS = 4712;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private MeterRegistry meters;

	private final ExecutorService clients = Executors.newCachedThreadPool();

	/**
	 * The commit of a transaction that wrote an outbox row for a user named stall-…
	 * (their own or their batch's) waits for the test's advisory lock; a stall-refused-…
	 * user's commit then fails.
	 */
	@BeforeEach
	void stallableCommits() {
		this.jdbc.execute("""
				create or replace function stall_commit() returns trigger language plpgsql as $$
				begin
				    perform pg_advisory_xact_lock_shared(%d);
				    if coalesce(new.user_id, array_to_string(new.user_ids, ',')) like '%%stall-refused%%' then
				        raise exception 'refused at commit';
				    end if;
				    return null;
				end
				$$
				""".formatted(COMMITS));
		this.jdbc.execute("create constraint trigger stall_commit after insert on outbox "
				+ "deferrable initially deferred for each row "
				+ "when (coalesce(new.user_id, array_to_string(new.user_ids, ',')) like '%stall%') "
				+ "execute function stall_commit()");
	}

	@AfterEach
	void plainCommits() {
		this.clients.shutdownNow();
		this.jdbc.execute("drop trigger if exists stall_commit on outbox");
		this.jdbc.execute("drop function if exists stall_commit()");
	}

	@Test
	void anUpdateAnswered503IsNeverAppliedLaterWhateverItsBatchAndItsRetriesDo() throws Exception {
		this.api.update("blocker", 1);
		this.api.update("maxed", 1);
		// one more pomodoro is past the limit: it breaks its batch
		this.jdbc.update("update period_totals set total = ? where user_id = 'maxed'", ScoreLimits.MAX_TOTAL);
		for (String user : List.of("held", "ann", "ben")) {
			this.api.update(user, 1);
		}
		Map<String, CompletableFuture<Response>> answers = new LinkedHashMap<>();
		try (Connection heldRow = holdUser("held")) {
			try (Connection blockerRow = holdUser("blocker")) {
				CompletableFuture<Response> blocked = send("blocker", 1);
				Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lockWaiters() == 1);
				// the next batch: it waits on held's row, then fails on maxed's total and
				// is run again one update at a time
				for (String user : List.of("maxed", "held", "ann", "ben")) {
					answers.put(user, send(user, 1));
				}
				blockerRow.commit();
				blocked.get();
			}
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> queued() == 0 && lockWaiters() == 1);
			// these queue behind it and wait longer than the queue wait
			for (String user : List.of("cat", "dan")) {
				answers.put(user, send(user, 1));
			}
			CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).get();
			heldRow.rollback();
		}
		// the batch and its retries are over once an update behind them is through
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.api.update("probe", 1, KEY, "probe").status() == 200);

		Map<String, Integer> statuses = new LinkedHashMap<>();
		answers.forEach((user, answer) -> statuses.put(user, answer.join().status()));
		assertThat(statuses).as("the requests gave up: none answered 200").doesNotContainValue(200);
		assertThat(statuses.values()).contains(503);
		for (Map.Entry<String, Integer> answer : statuses.entrySet()) {
			String user = answer.getKey();
			if (answer.getValue() == 503) {
				assertThat(keyUsed(user)).as("%s answered 503, applied later", user).isFalse();
				assertThat(daily(user)).as("%s answered 503", user)
					.isEqualTo(user.equals("maxed") ? ScoreLimits.MAX_TOTAL
							: (user.equals("cat") || user.equals("dan")) ? 0 : 1);
			}
			else {
				assertThat(answer.getValue()).as(user).isEqualTo(504);
			}
		}
		// a taken update's request gives up with 504, never with 503
		assertThat(statuses).containsEntry("held", 504).containsEntry("ann", 504).containsEntry("ben", 504);
		assertThat(statuses).containsEntry("cat", 503).containsEntry("dan", 503);
		// and the failed batch's retry left out the updates whose requests had given up
		for (String user : List.of("held", "ann", "ben")) {
			assertThat(daily(user)).as(user).isEqualTo(1);
		}
	}

	@Test
	void anUpdateWhoseCommitWasAppliedAfterItsRequestGaveUpIsCountedOnceByItsRetry() throws Exception {
		try (Stall stall = stallCommits()) {
			Response first = this.api.update("stall-alice", 2, KEY, "alice-1");
			assertOutcomeUnknown(first);
			// the first is still in doubt: the retry waits for it, and answers 504 again
			assertOutcomeUnknown(this.api.update("stall-alice", 2, KEY, "alice-1"));
			stall.release();
		}

		Response retry = awaitAnswer(() -> this.api.update("stall-alice", 2, KEY, "alice-1"));
		assertThat(retry.status()).as(retry.text()).isEqualTo(200);
		assertThat(retry.body()).extractingPath("$.daily_pomo").isEqualTo(2);
		assertThat(daily("stall-alice")).isEqualTo(2);
	}

	@Test
	void anUpdateWhoseCommitFailedAfterItsRequestGaveUpIsAppliedOnceByItsRetry() throws Exception {
		try (Stall stall = stallCommits()) {
			assertOutcomeUnknown(this.api.update("stall-refused-bob", 3, KEY, "bob-1"));
			assertOutcomeUnknown(this.api.update("stall-refused-bob", 3, KEY, "bob-1"));
			stall.release();
		}
		// the commit failed once it could go on: nothing of it is there
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stalledCommits() == 0);
		assertThat(keyUsed("stall-refused-bob")).isFalse();
		this.jdbc.execute("drop trigger stall_commit on outbox");

		Response retry = awaitAnswer(() -> this.api.update("stall-refused-bob", 3, KEY, "bob-1"));
		assertThat(retry.status()).as(retry.text()).isEqualTo(200);
		assertThat(retry.body()).extractingPath("$.daily_pomo").isEqualTo(3);
		assertThat(daily("stall-refused-bob")).isEqualTo(3);
	}

	@Test
	void anUpdateWhoseCommitGotNoAnswerIsInDoubtUntilPostgresAnswersItsKey() throws Exception {
		try (Stall stall = stallCommits()) {
			assertOutcomeUnknown(this.api.update("stall-carol", 4, KEY, "carol-1"));
			// its transaction gives up on the commit's answer (the network wait), and
			// the committer goes on with the next batch
			Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> this.api.update("dave", 1, KEY, "dave-1").status() == 200);
			// the commit still runs in PostgreSQL: the retry waits on its key there,
			// and the outcome is still unknown, not "nothing was changed"
			assertOutcomeUnknown(this.api.update("stall-carol", 4, KEY, "carol-1"));
			stall.release();
		}

		Response retry = awaitAnswer(() -> this.api.update("stall-carol", 4, KEY, "carol-1"));
		assertThat(retry.status()).as(retry.text()).isEqualTo(200);
		assertThat(retry.body()).extractingPath("$.daily_pomo").isEqualTo(4);
		assertThat(daily("stall-carol")).isEqualTo(4);
	}

	/** 504 problem+json that says the outcome is unknown and a keyed retry is safe. */
	private static void assertOutcomeUnknown(Response response) {
		assertThat(response.status()).as(response.text()).isEqualTo(504);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.body()).extractingPath("$.status").isEqualTo(504);
		assertThat(response.body()).extractingPath("$.title").isEqualTo("Update outcome unknown");
		assertThat(response.body()).extractingPath("$.detail")
			.asString()
			.contains("may or may not have been applied", "same Idempotency-Key is safe")
			.doesNotContainIgnoringCase("nothing was changed");
	}

	/** Repeats the request while it answers 504 (its first attempt still in doubt). */
	private static Response awaitAnswer(java.util.function.Supplier<Response> request) {
		List<Response> last = new ArrayList<>(1);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			last.add(0, request.get());
			return last.get(0).status() != 504;
		});
		return last.get(0);
	}

	/** Holds the advisory lock that commits of stall-… users wait for. */
	private Stall stallCommits() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		execute(connection, "select pg_advisory_lock(" + COMMITS + ")");
		return new Stall(connection);
	}

	/**
	 * The test's hold on the stalled commits, let go at the latest when it closes (its
	 * pooled connection would keep the lock).
	 */
	private record Stall(Connection connection) implements AutoCloseable {

		void release() throws SQLException {
			execute(this.connection, "select pg_advisory_unlock_all()");
		}

		@Override
		public void close() throws SQLException {
			try {
				release();
			}
			finally {
				this.connection.close();
			}
		}

	}

	/** Sends an update with a key of its own from its own thread, once it is queued. */
	private CompletableFuture<Response> send(String userId, int count) {
		double queued = queued();
		CompletableFuture<Response> response = CompletableFuture
			.supplyAsync(() -> this.api.update(userId, count, KEY, "key-" + userId), this.clients);
		if (!userId.equals("blocker")) {
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> queued() == queued + 1);
		}
		return response;
	}

	private double queued() {
		return this.meters.get("leaderboard.updates.queued").gauge().value();
	}

	/** A transaction of the test's own that holds the user's row until it ends. */
	private Connection holdUser(String userId) throws SQLException {
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(false);
		execute(connection, "select 1 from users where user_id = '" + userId + "' for update");
		return connection;
	}

	private long lockWaiters() {
		return this.jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'",
				Long.class);
	}

	private boolean keyUsed(String userId) {
		return this.jdbc.queryForObject("select count(*) from idempotency_keys where user_id = ?", Long.class,
				userId) > 0;
	}

	/** Transactions that hold or wait for the stalled commits' advisory lock. */
	private long stalledCommits() {
		return this.jdbc.queryForObject(
				"select count(*) from pg_locks where locktype = 'advisory' and objid = " + COMMITS, Long.class);
	}

	private long daily(String userId) {
		return this.jdbc.queryForObject(
				"select coalesce(sum(total), 0) from period_totals where user_id = ? and period = 'daily'", Long.class,
				userId);
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
