package app.leaderboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.CountRow;
import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.operate.generate.SyntheticUsers;
import app.leaderboard.support.ConcurrentUpdates;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.MutableClock;

/**
 * The board histogram that the fallback rank sums (V1_11) agrees with a count of the
 * users above, for every board and every total, whoever wrote the totals: concurrent
 * updates through the API (each connection in its own slot), a reset, the retention purge
 * and plain SQL; before the fold, while it runs, and after it.
 */
class BoardHistogramIntegrationTests extends IntegrationTestBase {

	@Autowired
	private HistogramFold fold;

	@Autowired
	private DailyTotalsPurge purge;

	@Autowired
	private SyntheticUsers generator;

	@Autowired
	private CountsImport countsImport;

	@Autowired
	private Periods periods;

	@Test
	void theFoldClearsTheHistogramsDeadRowsItself() throws Exception {
		ConcurrentUpdates.post(this.api, new Random(11), 100);
		this.fold.fold();
		long vacuums = histogramVacuums();
		// VACUUM refuses to run inside a transaction: the fold runs it on a connection of
		// its own
		this.fold.vacuum();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> histogramVacuums() > vacuums);
		assertHistogramAgrees();
	}

	private long histogramVacuums() {
		this.jdbc.execute("select pg_stat_clear_snapshot()");
		return this.jdbc.queryForObject(
				"select vacuum_count + autovacuum_count from pg_stat_user_tables where relname = 'board_histogram'",
				Long.class);
	}

	@Test
	void theHistogramCountsTheUsersAboveEveryTotalOfEveryBoard() throws Exception {
		ConcurrentUpdates.post(this.api, new Random(7), 400);
		assertHistogramAgrees();
		assertThat(this.jdbc.queryForList("select distinct scope from board_histogram", String.class)).contains("",
				"region:eu", "region:us", "org:acme");

		this.fold.fold();
		assertHistogramAgrees();
		assertThat(this.jdbc.queryForObject("select count(*) from board_histogram where slot <> 0", Long.class))
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from board_histogram where members = 0", Long.class))
			.isZero();

		// more updates on the folded histogram, while the background fold runs
		ConcurrentUpdates.post(this.api, new Random(8), 300);
		assertHistogramAgrees();

		// hidden users are on no board; unhidden they are back; erased they are gone
		for (String user : List.of("user3", "user4", "user5")) {
			assertThat(this.api.post("/api/redis-leaderboard/admin/users/" + user + "/hide", "", admin()).status())
				.isEqualTo(200);
		}
		assertThat(this.api.post("/api/redis-leaderboard/admin/users/user4/unhide", "", admin()).status())
			.isEqualTo(200);
		assertThat(this.api.delete("/api/redis-leaderboard/admin/users/user6", admin()).status()).isEqualTo(200);
		assertHistogramAgrees();

		// a reset empties one board; yesterday's daily board goes by retention
		assertThat(this.api.post("/api/redis-leaderboard/admin/reset/weekly", "", admin()).status()).isEqualTo(200);
		this.jdbc.update("insert into period_totals (period, period_start, user_id, total, reached_at) "
				+ "select 'daily', date '2026-11-24', user_id, total + 1, reached_at from period_totals "
				+ "where period = 'daily' and period_start = date '2026-11-25'");
		assertHistogramAgrees();
		this.purge.deleteBatch(LocalDate.parse("2026-11-25"), 1_000_000);
		this.fold.fold();
		assertHistogramAgrees();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from board_histogram where period in ('weekly') or period_start = date '2026-11-24'",
				Long.class))
			.isZero();
	}

	/**
	 * The generator and the import load with triggers off when they may (a superuser):
	 * the histogram is counted afresh then, truncate included.
	 */
	@Test
	void bulkLoadsLeaveTheHistogramInStep() {
		this.api.update("stale", 9);
		this.generator.generate(300, 11, MutableClock.DEFAULT, true, new SyntheticUsers.ScopeMix(3, 2, 0.5), (n) -> {
		});
		assertHistogramAgrees();
		assertThat(this.jdbc.queryForList("select distinct scope from board_histogram", String.class)).contains("",
				"region:region-1", "org:org-1");
		assertThat(this.jdbc.queryForObject("select count(*) from board_histogram where total = 9 and members > 0 "
				+ "and not exists (select 1 from period_totals where total = 9)", Long.class))
			.isZero();

		Instant now = this.periods.now();
		this.countsImport.write(
				List.of(new CountRow("user-1", 1, 2, 3, 4, now), new CountRow("imported", 5, 6, 7, 8, now)),
				List.of(this.periods.at(Period.DAILY, now), this.periods.at(Period.WEEKLY, now),
						this.periods.at(Period.MONTHLY, now), this.periods.at(Period.YEARLY, now)),
				now, (n) -> {
				});
		assertHistogramAgrees();
	}

	@Test
	void aRankReadsTheHistogramNotTheUsers() {
		this.api.update("alice", 5);
		this.api.update("bob", 3);
		this.api.update("carol", 3);
		this.api.update("dave", 1);
		// a histogram that disagreed with the users would show in the fallback's ranks
		this.jdbc.update("update board_histogram set members = members + 10 "
				+ "where period = 'daily' and total = 5 and slot = (select min(slot) from board_histogram "
				+ "where period = 'daily' and total = 5)");

		assertThat(this.jdbc.queryForObject(BoardQueries.COUNT_ABOVE, Long.class, "daily",
				LocalDate.parse("2026-11-25"), "", 1L))
			.isEqualTo(13);
	}

	/**
	 * For every board, in every scope, and every total on it (and 0), the histogram
	 * equals the count of the users above on that board, hidden users left out.
	 */
	private void assertHistogramAgrees() {
		List<Map<String, Object>> cases = this.jdbc.queryForList(
				"""
						with members as (
						    select period, period_start, '' as scope, total from period_totals where not hidden
						    union all
						    select period, period_start, 'region:' || region, total from period_totals
						    where region is not null and not hidden
						    union all
						    select period, period_start, 'org:' || org, total from period_totals where org is not null and not hidden
						)
						select b.period, b.period_start, b.scope, t.total,
						       (select count(*) from members m where m.period = b.period and m.period_start = b.period_start
						        and m.scope = b.scope and m.total > t.total) as above
						from (select distinct period, period_start, scope from members) b
						cross join lateral (select distinct total from members m
						                    where m.period = b.period and m.period_start = b.period_start and m.scope = b.scope
						                    union select 0) t
						""");
		assertThat(cases).isNotEmpty();
		for (Map<String, Object> c : cases) {
			assertThat(this.jdbc.queryForObject(BoardQueries.COUNT_ABOVE, Long.class, c.get("period"),
					c.get("period_start"), c.get("scope"), c.get("total")))
				.as("users above %s on %s %s %s", c.get("total"), c.get("period"), c.get("period_start"),
						c.get("scope"))
				.isEqualTo(c.get("above"));
		}
		// boards nobody is on add up to nobody
		assertThat(this.jdbc.queryForObject("select coalesce(sum(members), 0) from board_histogram h where not exists "
				+ "(select 1 from period_totals p where p.period = h.period and p.period_start = h.period_start)",
				Long.class))
			.isZero();
	}

}
