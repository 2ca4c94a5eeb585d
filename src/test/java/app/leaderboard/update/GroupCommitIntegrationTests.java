package app.leaderboard.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.core.ScoreLimits;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.TestApi.Response;

/**
 * Group commit: updates that queue up while a transaction runs share the next one, and
 * each still gets its own answer. The test holds the only committer on a row lock of
 * PostgreSQL while it queues the updates of the next batch one by one, so the batch's
 * members and their order are known.
 */
@TestPropertySource(properties = { "leaderboard.write-committers=1", "leaderboard.write-batch-window=0ms" })
class GroupCommitIntegrationTests extends IntegrationTestBase {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private MeterRegistry meters;

	private static final String UPDATE = "/api/redis-leaderboard/update";

	private final ExecutorService clients = Executors.newCachedThreadPool();

	@AfterEach
	void stopClients() {
		this.clients.shutdownNow();
	}

	@Test
	void updatesQueuedDuringATransactionShareTheNextAndEachGetsItsOwnAnswer() throws Exception {
		this.api.update("blocker", 1);
		List<Response> answers = inOneBatch(() -> List.of(send("alice", 1, "a"), send("alice", 1, "a"),
				send("bob", 2, "b"), send("bob", 3, "b"), send("carol", 1, null)));

		assertThat(answers).extracting(Response::status).containsExactly(200, 200, 200, 409, 200);
		// the repeat of key "a" in the same batch was applied once, and answered the same
		assertThat(answers.get(0).body()).extractingPath("$.daily_pomo").isEqualTo(1);
		assertThat(answers.get(1).body()).extractingPath("$.daily_pomo").isEqualTo(1);
		assertThat(answers.get(2).body()).extractingPath("$.daily_pomo").isEqualTo(2);
		assertThat(answers.get(3).contentType()).startsWith("application/problem+json");
		assertThat(total("alice")).isEqualTo(1);
		assertThat(total("bob")).isEqualTo(2);
		assertThat(total("carol")).isEqualTo(1);
		// one transaction wrote the three users
		assertThat(this.jdbc.queryForObject(
				"select count(distinct xmin::text) from users where user_id in ('alice', 'bob', 'carol')", Long.class))
			.isEqualTo(1);
		// Redis got the batch's scores: blocker reached 2 first; alice and carol tie, by
		// id
		assertThat(this.api.get("/api/redis-leaderboard/daily?limit=10").body()).extractingPath("$.entries[*].user_id")
			.asArray()
			.containsExactly("blocker", "bob", "alice", "carol");
	}

	@Test
	void anUpdateThatBreaksItsBatchFailsAloneAndItsNeighboursAreCommitted() throws Exception {
		this.api.update("blocker", 1);
		this.api.update("maxed", 1);
		this.jdbc.update("update period_totals set total = ? where user_id = 'maxed'", ScoreLimits.MAX_TOTAL - 1);
		List<Response> batch = inOneBatch(
				() -> List.of(send("alice", 1, null), send("maxed", 2, null), send("carol", 3, "c")));

		assertThat(batch.get(0).status()).isEqualTo(200);
		assertThat(batch.get(1).status()).isEqualTo(422);
		assertThat(batch.get(2).status()).isEqualTo(200);
		assertThat(batch.get(2).body()).extractingPath("$.daily_pomo").isEqualTo(3);
		assertThat(total("alice")).isEqualTo(1);
		assertThat(total("maxed")).isEqualTo(ScoreLimits.MAX_TOTAL - 1);
		assertThat(total("carol")).isEqualTo(3);
		// the failed update left nothing behind, its neighbours' keys are kept
		assertThat(this.jdbc.queryForObject("select count(*) from idempotency_keys where key = 'c'", Long.class))
			.isEqualTo(1);
	}

	@Test
	void aUsersUpdatesInOneBatchAreAddedTogetherAndEachAnswersWithItsOwnTotalAndRegion() throws Exception {
		this.api.update("blocker", 1);
		this.api.post(UPDATE, "{\"user_id\":\"dana\",\"count\":2,\"region\":\"eu\"}");
		List<Response> answers = inOneBatch(() -> List.of(send("dana", 3, null), send("erin", 1, null),
				send("{\"user_id\":\"dana\",\"count\":4,\"region\":\"us\"}"), send("erin", 1, null),
				send("dana", 5, null)));

		assertThat(answers).extracting(Response::status).containsOnly(200);
		// each answer is the user's state right after that update, as if they ran one by
		// one
		assertThat(answers).extracting((a) -> a.json().get("daily_pomo").asLong()).containsExactly(5L, 1L, 9L, 2L, 14L);
		assertThat(answers).extracting((a) -> a.json().get("region").asString(null))
			.containsExactly("eu", null, "us", null, "us");
		assertThat(total("dana")).isEqualTo(14);
		assertThat(total("erin")).isEqualTo(2);
		assertThat(this.jdbc.queryForObject(
				"select count(distinct xmin::text) from users where user_id in ('dana', 'erin')", Long.class))
			.isEqualTo(1);
		// dana moved from eu to us with her totals, and the board sizes with her
		assertThat(this.jdbc.queryForList("select distinct region from period_totals where user_id = 'dana'",
				String.class))
			.containsExactly("us");
		assertThat(boardSize("region:eu")).isZero();
		assertThat(boardSize("region:us")).isEqualTo(1);
		assertThat(boardSize("")).isEqualTo(3);
		assertThat(this.api.get("/api/redis-leaderboard/daily?region=us").body()).extractingPath("$.entries[*].score")
			.asArray()
			.containsExactly(14);
		assertThat(this.api.get("/api/redis-leaderboard/daily?region=eu").body()).extractingPath("$.entries")
			.asArray()
			.isEmpty();
		Response stats = this.api.get("/api/redis-leaderboard/user/dana");
		assertThat(stats.source()).isEqualTo("redis");
		assertThat(stats.body()).extractingPath("$.daily_pomo").isEqualTo(14);
	}

	@Test
	void aUsersUpdatesOnBothSidesOfMidnightInOneBatchReachBothDailyBoardsInRedis() throws Exception {
		this.clock.set("2026-11-25T23:59:59Z");
		this.api.update("blocker", 1);
		List<Response> batch = inOneBatch(() -> {
			CompletableFuture<Response> beforeMidnight = send("dana", 2, null);
			this.clock.set("2026-11-26T00:00:01Z");
			return List.of(beforeMidnight, send("dana", 3, null));
		});

		assertThat(batch.get(0).body()).extractingPath("$.daily_pomo").isEqualTo(2);
		assertThat(batch.get(1).body()).extractingPath("$.daily_pomo").isEqualTo(3);
		assertThat(batch.get(1).body()).extractingPath("$.weekly_pomo").isEqualTo(5);
		// Redis got the user's state once, with the day that only the first update was on
		Response yesterday = this.api.get(UPDATE.replace("update", "daily?date=2026-11-25"));
		assertThat(yesterday.source()).isEqualTo("redis");
		assertThat(yesterday.body()).extractingPath("$.entries[?(@.user_id == 'dana')].score")
			.asArray()
			.containsExactly(2);
		Response today = this.api.get(UPDATE.replace("update", "daily"));
		assertThat(today.source()).isEqualTo("redis");
		assertThat(today.body()).extractingPath("$.entries[?(@.user_id == 'dana')].score").asArray().containsExactly(3);
	}

	/**
	 * Holds the only committer on the blocker's row while {@code queue} sends the updates
	 * of the next batch, then lets it go: the batch's members and their order are known.
	 * @return the answers, in the order sent
	 */
	private List<Response> inOneBatch(Supplier<List<CompletableFuture<Response>>> queue) throws Exception {
		List<CompletableFuture<Response>> batch;
		try (Connection lock = holdUser("blocker")) {
			CompletableFuture<Response> blocked = send("blocker", 1, null);
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lockWaiters() == 1);
			batch = queue.get();
			lock.commit();
			assertThat(blocked.get().status()).isEqualTo(200);
		}
		List<Response> answers = new ArrayList<>();
		for (CompletableFuture<Response> answer : batch) {
			answers.add(answer.get());
		}
		return answers;
	}

	/**
	 * Sends an update from its own thread, and waits until it is queued behind the lock.
	 */
	private CompletableFuture<Response> send(String userId, int count, String key) {
		return send(userId, () -> (key != null) ? this.api.update(userId, count, "Idempotency-Key", key)
				: this.api.update(userId, count));
	}

	private CompletableFuture<Response> send(String body) {
		return send("", () -> this.api.post(UPDATE, body));
	}

	private CompletableFuture<Response> send(String userId, Supplier<Response> update) {
		double queued = queued();
		CompletableFuture<Response> response = CompletableFuture.supplyAsync(update, this.clients);
		if (!userId.equals("blocker")) {
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> queued() == queued + 1);
		}
		return response;
	}

	private double queued() {
		return this.meters.get("leaderboard.updates.queued").gauge().value();
	}

	/** A transaction of the test's own that holds the user's row until it commits. */
	private Connection holdUser(String userId) throws Exception {
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute("select 1 from users where user_id = '" + userId + "' for update");
		}
		return connection;
	}

	private long lockWaiters() {
		return this.jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'",
				Long.class);
	}

	private long boardSize(String scope) {
		return this.jdbc.queryForObject(
				"select coalesce(sum(members), 0) from board_sizes where period = 'daily' and scope = ?", Long.class,
				scope);
	}

	private long total(String userId) {
		return this.jdbc.queryForObject("select total from period_totals where user_id = ? and period = 'daily'",
				Long.class, userId);
	}

}
