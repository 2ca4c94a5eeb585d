package app.leaderboard.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.ScoreWrites;
import app.leaderboard.support.IntegrationTestBase;

/**
 * Two instances' batches never deadlock: every row lock a batch takes comes in one order
 * (idempotency keys by key, users by id, board sizes by board and shard), whatever order
 * the updates arrived in. Two transactions of {@link UpdateBatch} run at once, as two
 * instances' committers would, with the same keys in opposite orders, moves of other
 * users whose board-size rows are the same, and the same users in opposite orders.
 * <p>
 * A barrier makes them meet: a trigger of the test's own holds each transaction at its
 * second idempotency key and at its second statement that writes board sizes, until both
 * transactions are held or waiting on each other; then both go on at once. A batch that
 * took its locks crosswise would now deadlock every time (SQL state 40P01).
 */
class BatchLockOrderIntegrationTests extends IntegrationTestBase {

	/** The advisory lock the barrier waits on while the test holds it. */
	private static final int BARRIER = 4711;

	private static final String BARRIER_FUNCTION = """
			create or replace function lock_order_barrier() returns trigger language plpgsql as $$
			declare
			    name text := 'lock_order.' || tg_table_name;
			    seen int := coalesce(nullif(current_setting(name, true), ''), '0')::int;
			begin
			    perform set_config(name, (seen + 1)::text, true);
			    if seen = 1 then
			        perform pg_advisory_xact_lock_shared(%d);
			    end if;
			    return new;
			end
			$$
			""".formatted(BARRIER);

	@Autowired
	private UpdateBatch batch;

	@Autowired
	private Periods periods;

	@Autowired
	private DataSource dataSource;

	private final ExecutorService committers = Executors.newFixedThreadPool(2);

	@BeforeEach
	void barrier() {
		this.jdbc.execute(BARRIER_FUNCTION);
		this.jdbc.execute("create trigger lock_order_barrier before insert on idempotency_keys "
				+ "for each row execute function lock_order_barrier()");
		this.jdbc.execute("create trigger lock_order_barrier before insert on board_sizes "
				+ "for each statement execute function lock_order_barrier()");
	}

	@AfterEach
	void noBarrier() {
		this.committers.shutdownNow();
		this.jdbc.execute("drop trigger if exists lock_order_barrier on idempotency_keys");
		this.jdbc.execute("drop trigger if exists lock_order_barrier on board_sizes");
		this.jdbc.execute("drop function if exists lock_order_barrier()");
	}

	@Test
	void theSameIdempotencyKeysInOppositeOrdersDoNotDeadlock() throws Exception {
		for (int i = 0; i < 5; i++) {
			String alice = "alice-" + i;
			String bob = "bob-" + i;
			race(List.of(update(alice, null, "key-a-" + i), update(bob, null, "key-b-" + i)),
					List.of(update(bob, null, "key-b-" + i), update(alice, null, "key-a-" + i)));

			// each key applied once
			assertThat(daily(alice)).isEqualTo(1);
			assertThat(daily(bob)).isEqualTo(1);
		}
	}

	@Test
	void movesOfOtherUsersWithTheSameBoardSizeRowsDoNotDeadlock() throws Exception {
		this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"anchor\",\"count\":1,\"region\":\"us\"}");
		// each round two batches move two users each, one of either shard: in whatever
		// order a batch lists its moves, half the rounds would take the rows crosswise
		for (int i = 0; i < 10; i++) {
			List<String> first = usersOfShards("first-" + i + "-");
			List<String> second = usersOfShards("second-" + i + "-");
			for (String user : List.of(first.get(0), first.get(1), second.get(0), second.get(1))) {
				joinEu(user);
			}
			race(List.of(update(first.get(0), "us", null), update(first.get(1), "us", null)),
					List.of(update(second.get(1), "us", null), update(second.get(0), "us", null)));

			for (String user : List.of(first.get(0), first.get(1), second.get(0), second.get(1))) {
				assertThat(daily(user)).isEqualTo(2);
				assertThat(this.jdbc.queryForList("select distinct region from period_totals where user_id = ?",
						String.class, user))
					.containsExactly("us");
			}
		}
		assertThat(boardSize("region:eu")).isZero();
		assertThat(boardSize("region:us")).isEqualTo(41);
	}

	@Test
	void theSameUsersInOppositeOrdersWithMovesDoNotDeadlock() throws Exception {
		for (int i = 0; i < 5; i++) {
			String carol = "carol-" + i;
			String dave = "dave-" + i;
			joinEu(carol);
			joinEu(dave);
			race(List.of(update(carol, "us", null), update(dave, "us", null)),
					List.of(update(dave, "asia", null), update(carol, "asia", null)));

			assertThat(daily(carol)).isEqualTo(3);
			assertThat(daily(dave)).isEqualTo(3);
		}
		assertThat(boardSize("region:eu")).isZero();
		assertThat(boardSize("region:us") + boardSize("region:asia")).isEqualTo(10);
	}

	/**
	 * Runs both batches at once, each in one transaction as a committer does, behind the
	 * barrier; fails if either transaction failed.
	 */
	private void race(List<PendingUpdate> first, List<PendingUpdate> second) throws Exception {
		List<Throwable> failures = new ArrayList<>();
		try (Connection barrier = this.dataSource.getConnection()) {
			// a pooled connection keeps a session's advisory lock: never return it held
			barrier.setAutoCommit(false);
			execute(barrier, "select pg_advisory_xact_lock(" + BARRIER + ")");
			List<CompletableFuture<Void>> batches = List.of(commit(first), commit(second));
			// both held at the barrier, waiting on each other, or done
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> lockWaiters() + batches.stream().filter(CompletableFuture::isDone).count() >= 2);
			barrier.commit();
			for (CompletableFuture<Void> batch : batches) {
				try {
					batch.get();
				}
				catch (java.util.concurrent.ExecutionException ex) {
					failures.add(ex.getCause());
				}
			}
		}
		assertThat(failures).as("transactions that failed (40P01 is a deadlock)").isEmpty();
	}

	private CompletableFuture<Void> commit(List<PendingUpdate> updates) {
		return CompletableFuture.runAsync(() -> this.batch.inTransaction(updates), this.committers);
	}

	private PendingUpdate update(String userId, @Nullable String region, @Nullable String key) {
		return new PendingUpdate(new UpdateRequest(userId, 1, region, null), key, this.clock.instant(),
				this.periods.allAt(this.clock.instant()));
	}

	/** A user of each of two board-size shards: the same two shards for every prefix. */
	private static List<String> usersOfShards(String prefix) {
		return List.of(userOfShard(prefix, 3), userOfShard(prefix, 5));
	}

	private static String userOfShard(String prefix, int shard) {
		for (int n = 0;; n++) {
			if (ScoreWrites.shard(prefix + n) == shard) {
				return prefix + n;
			}
		}
	}

	private void joinEu(String userId) {
		assertThat(this.api
			.post("/api/redis-leaderboard/update", "{\"user_id\":\"" + userId + "\",\"count\":1,\"region\":\"eu\"}")
			.status()).isEqualTo(200);
	}

	private long daily(String userId) {
		return this.jdbc.queryForObject("select total from period_totals where user_id = ? and period = 'daily'",
				Long.class, userId);
	}

	private long boardSize(String scope) {
		return this.jdbc.queryForObject(
				"select coalesce(sum(members), 0) from board_sizes where period = 'daily' and scope = ?", Long.class,
				scope);
	}

	private long lockWaiters() {
		return this.jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock'",
				Long.class);
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
