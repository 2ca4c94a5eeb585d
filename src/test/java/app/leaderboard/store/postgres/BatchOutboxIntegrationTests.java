package app.leaderboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.ScopedUpdates.Addition;
import app.leaderboard.store.postgres.ScopedUpdates.Recorded;
import app.leaderboard.support.IntegrationTestBase;

/**
 * A batch's PostgreSQL work (V1_72): one outbox row for its users, one of their own for
 * those who left a scope; an erasure takes the id off a batch's row; the relay hands out
 * each user of it. The batch's statement counts its own histogram changes, and a later
 * statement of the same transaction is still counted by the triggers. A relay take stops
 * once its rows hold the limit's number of users.
 */
class BatchOutboxIntegrationTests extends IntegrationTestBase {

	@Autowired
	private DataSource dataSource;

	@Autowired
	private LeagueProperties league;

	@Autowired
	private Periods periods;

	@Autowired
	private OutboxStore outbox;

	@Test
	void aBatchWritesOneOutboxRowForItsUsersAndTheRelayHandsOutEachOfThem() {
		assertThat(
				this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"carol\",\"count\":1,\"region\":\"eu\"}")
					.status())
			.isEqualTo(200);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject("select count(*) from outbox", Long.class) == 0);
		LocalDate today = this.periods.currentAll().get(Period.DAILY).startDate();
		LocalDate day = today.minusDays(30);

		List<Recorded> recorded = inTransaction((jdbc, updates) -> {
			List<Recorded> batch = updates
				.addAll(List.of(addition("alice", 1, null), addition("bob", 2, null), addition("carol", 3, "us")));
			// a later statement of the batch's transaction is counted by the triggers
			jdbc.update("insert into period_totals (period, period_start, user_id, total, reached_at) "
					+ "values ('daily', ?, 'alice', 7, now())", day);
			// the relay leaves the rows alone while the test looks at them
			jdbc.update("update outbox set created_at = created_at + interval '1 hour'");
			return batch;
		});

		assertThat(recorded.get(0).outboxId()).isEqualTo(recorded.get(1).outboxId());
		assertThat(recorded.get(2).outboxId()).isNotEqualTo(recorded.get(0).outboxId());
		assertThat(this.jdbc
			.queryForList("select coalesce(user_id, '') as one, coalesce(array_to_string(user_ids, ','), '') as batch, "
					+ "coalesce(left_region, '') as left_region from outbox order by id")
			.stream()
			.map(Map::values)
			.map(List::copyOf)
			.toList()).containsExactly(List.of("", "alice,bob", ""), List.of("carol", "", "eu"));
		assertThat(this.jdbc.queryForObject(BoardQueries.COUNT_ABOVE, Long.class, "daily", day, "", 0L)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject(BoardQueries.COUNT_ABOVE, Long.class, "daily", today, "", 0L)).isEqualTo(3);
		assertThat(this.jdbc.queryForObject(BoardQueries.COUNT_ABOVE, Long.class, "daily", today, "region:us", 0L))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(BoardQueries.COUNT_ABOVE, Long.class, "daily", today, "region:eu", 0L))
			.isZero();

		// an erasure leaves no trace of the id in a batch's row
		assertThat(this.api.delete("/api/redis-leaderboard/admin/users/bob", admin()).status()).isEqualTo(200);
		assertThat(this.jdbc.queryForObject("select count(*) from outbox where 'bob' = any(user_ids)", Long.class))
			.isZero();

		List<OutboxStore.OutboxEntry> relayed = new ArrayList<>();
		this.outbox.relayOutbox(1000, Duration.ofHours(-2), (entries) -> relayed.addAll(entries));
		assertThat(relayed).filteredOn((entry) -> !entry.erased())
			.extracting(OutboxStore.OutboxEntry::userId)
			.containsExactlyInAnyOrder("alice", "carol");
		assertThat(relayed).filteredOn((entry) -> entry.userId().equals("carol"))
			.extracting(OutboxStore.OutboxEntry::leftRegion)
			.containsExactly("eu");
		assertThat(this.jdbc.queryForObject("select count(*) from outbox where not erased", Long.class)).isZero();
	}

	@Test
	void aTakeOfTheRelayStopsOnceItsRowsHoldTheLimitsNumberOfUsers() {
		// an hour ahead: the service's own relay leaves them alone
		String later = "clock_timestamp() + interval '1 hour'";
		this.jdbc.update("insert into outbox (user_ids, created_at) values (array['u1', 'u2', 'u3'], " + later + ")");
		this.jdbc.update("insert into outbox (user_ids, created_at) values (array['u4', 'u5'], " + later + ")");
		this.jdbc.update("insert into outbox (user_id, created_at) values ('u6', " + later + ")");

		List<String> first = new ArrayList<>();
		assertThat(this.outbox.relayOutbox(3, Duration.ofHours(-2), (entries) -> first.addAll(users(entries))))
			.isEqualTo(3);
		assertThat(first).containsExactlyInAnyOrder("u1", "u2", "u3");
		List<String> second = new ArrayList<>();
		assertThat(this.outbox.relayOutbox(3, Duration.ofHours(-2), (entries) -> second.addAll(users(entries))))
			.isEqualTo(3);
		assertThat(second).containsExactlyInAnyOrder("u4", "u5", "u6");
		assertThat(this.jdbc.queryForObject("select count(*) from outbox", Long.class)).isZero();
	}

	private static List<String> users(List<OutboxStore.OutboxEntry> entries) {
		return entries.stream().map(OutboxStore.OutboxEntry::userId).toList();
	}

	private Addition addition(String userId, long count, @Nullable String region) {
		Instant now = this.periods.now();
		List<PeriodInstance> instances = List.copyOf(this.periods.currentAll().values());
		return new Addition(userId, count, now, instances, region, null,
				instances.stream().map(this.periods::previous).toList());
	}

	private interface Work {

		List<Recorded> run(JdbcTemplate jdbc, ScopedUpdates updates);

	}

	/** The batch's statements in one transaction, as {@code UpdateBatch} runs them. */
	private List<Recorded> inTransaction(Work work) {
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(this.dataSource);
		TransactionTemplate apart = new TransactionTemplate(transactions);
		apart.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		ScopedUpdates updates = new ScopedUpdates(jdbc, this.league, apart);
		return new TransactionTemplate(transactions).execute((status) -> work.run(jdbc, updates));
	}

}
