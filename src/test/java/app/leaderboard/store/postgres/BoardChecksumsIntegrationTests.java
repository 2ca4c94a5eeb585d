package app.leaderboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.CountRow;
import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.operate.generate.SyntheticUsers;
import app.leaderboard.support.ConcurrentUpdates;
import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.MutableClock;

/**
 * The boards' checksums in PostgreSQL (V1_71): its SQL functions agree with
 * {@link BoardChecksum} bit for bit, and the sums that the triggers keep equal a count
 * afresh from the totals, for every board, scope and bucket, whoever wrote the totals:
 * concurrent updates with moves (each connection in its own slot), hiding, erasure, a
 * reset, the retention purge, plain SQL, the generator and the import; before the fold
 * and after it, which leaves no empty row.
 */
class BoardChecksumsIntegrationTests extends IntegrationTestBase {

	@Autowired
	private ChecksumFold fold;

	@Autowired
	private DailyTotalsPurge purge;

	@Autowired
	private SyntheticUsers generator;

	@Autowired
	private CountsImport countsImport;

	@Autowired
	private Periods periods;

	@Test
	void sqlWorksTheChecksumOutAsJavaDoes() {
		Random random = new Random(17);
		List<String> ids = new ArrayList<>(List.of("alice", "a", "Zoë", "用户-7", "x".repeat(64)));
		List<Long> totals = new ArrayList<>(List.of(1L, (1L << 28) - 1, (1L << 32) + 5, 4294967295L, 7L));
		for (int i = 0; i < 2000; i++) {
			ids.add("user-" + Long.toString(random.nextLong(), 36));
			totals.add(1 + (long) random.nextInt(Integer.MAX_VALUE));
		}
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"""
						select board_check_key(u) as key, board_check_bucket(board_check_key(u), '') as global,
						    board_check_bucket(board_check_key(u), 'org:acme') as scoped, board_check_term(board_check_key(u), t) as term,
						    board_check_term_b(board_check_key(u), t) as term_b
						from unnest(?::text[], ?::bigint[]) with ordinality x(u, t, n) order by n
						""",
				ids.toArray(String[]::new), totals.toArray(Long[]::new));
		for (int i = 0; i < ids.size(); i++) {
			long key = BoardChecksum.key(ids.get(i));
			assertThat(rows.get(i).get("key")).as(ids.get(i)).isEqualTo(key);
			assertThat(rows.get(i).get("global")).isEqualTo(BoardChecksum.bucket(key, Scope.GLOBAL));
			assertThat(rows.get(i).get("scoped")).isEqualTo(BoardChecksum.bucket(key, Scope.org("acme")));
			assertThat(rows.get(i).get("term")).isEqualTo(BoardChecksum.termA(key, totals.get(i)));
			assertThat(rows.get(i).get("term_b")).isEqualTo(BoardChecksum.termB(key, totals.get(i)));
		}
	}

	@Test
	void theTriggersKeepEveryBoardsChecksumsWhoeverWrites() throws Exception {
		ConcurrentUpdates.post(this.api, new Random(7), 300);
		assertChecksumsAgree();
		foldAll();
		assertChecksumsAgree();
		assertThat(this.jdbc.queryForList("select distinct scope from board_checksums", String.class)).contains("",
				"region:eu", "region:us", "org:acme");

		ConcurrentUpdates.post(this.api, new Random(8), 200);
		for (String user : List.of("user3", "user4", "user5")) {
			assertThat(this.api.post("/api/redis-leaderboard/admin/users/" + user + "/hide", "", admin()).status())
				.isEqualTo(200);
		}
		assertThat(this.api.post("/api/redis-leaderboard/admin/users/user4/unhide", "", admin()).status())
			.isEqualTo(200);
		assertThat(this.api.delete("/api/redis-leaderboard/admin/users/user6", admin()).status()).isEqualTo(200);
		assertChecksumsAgree();

		assertThat(this.api.post("/api/redis-leaderboard/admin/reset/weekly", "", admin()).status()).isEqualTo(200);
		this.jdbc.update("insert into period_totals (period, period_start, user_id, total, reached_at, region, org) "
				+ "select 'daily', date '2026-11-24', user_id, total + 1, reached_at, region, org from period_totals "
				+ "where period = 'daily' and period_start = date '2026-11-25'");
		this.jdbc.update("update period_totals set total = total * 3 where user_id in ('user1', 'user2')");
		assertChecksumsAgree();
		this.purge.deleteBatch(LocalDate.parse("2026-11-25"), 1_000_000);
		foldAll();
		assertChecksumsAgree();
		// what no one is on any more has no row left
		assertThat(this.jdbc.queryForObject(
				"select count(*) from board_checksums where period = 'weekly' or period_start = date '2026-11-24'",
				Long.class))
			.isZero();
		assertThat(this.jdbc.queryForList("select * from board_checksums where checksum = 0 limit 5")).isEmpty();
	}

	@Test
	void bulkLoadsLeaveTheChecksumsInStep() {
		this.api.update("stale", 9);
		this.generator.generate(300, 11, MutableClock.DEFAULT, true, new SyntheticUsers.ScopeMix(3, 2, 0.5), (n) -> {
		});
		assertChecksumsAgree();
		Instant now = this.periods.now();
		this.countsImport.write(
				List.of(new CountRow("user-1", 1, 2, 3, 4, now), new CountRow("imported", 5, 6, 7, 8, now)),
				List.of(this.periods.at(Period.DAILY, now), this.periods.at(Period.WEEKLY, now),
						this.periods.at(Period.MONTHLY, now), this.periods.at(Period.YEARLY, now)),
				now, (n) -> {
				});
		assertChecksumsAgree();
	}

	/** Folds until no writer's row is left (the scheduled fold may hold the lock). */
	private void foldAll() {
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			this.fold.fold();
			return this.jdbc.queryForObject("select count(*) from board_checksums where slot <> 0", Long.class) == 0;
		});
	}

	/**
	 * Every board's and bucket's sum (all slots) equals the terms of its members counted
	 * in Java from the totals, and nothing else has a sum.
	 */
	private void assertChecksumsAgree() {
		Map<List<Object>, Long> expected = new HashMap<>();
		this.jdbc.query("select period, period_start::text, user_id, total, region, org from period_totals "
				+ "where not hidden", (ResultSet rs) -> {
					long key = BoardChecksum.key(rs.getString(3));
					long term = BoardChecksum.term(key, rs.getLong(4));
					List<String> scopes = new ArrayList<>(List.of(""));
					if (rs.getString(5) != null) {
						scopes.add("region:" + rs.getString(5));
					}
					if (rs.getString(6) != null) {
						scopes.add("org:" + rs.getString(6));
					}
					for (String scope : scopes) {
						Scope kind = scope.isEmpty() ? Scope.GLOBAL : Scope.region("x");
						expected.merge(List.of(rs.getString(1), rs.getString(2), scope, -1), term, Long::sum);
						expected.merge(
								List.of(rs.getString(1), rs.getString(2), scope, BoardChecksum.bucket(key, kind)), term,
								Long::sum);
					}
				});
		Map<List<Object>, Long> kept = new HashMap<>();
		this.jdbc.query("select period, period_start::text, scope, bucket, sum(checksum), sum(checksum_b) "
				+ "from board_checksums group by 1, 2, 3, 4 having sum(checksum) <> 0", (ResultSet rs) -> {
					kept.put(List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)),
							BoardChecksum.combine(rs.getLong(5), rs.getLong(6)));
				});
		assertThat(expected).isNotEmpty();
		assertThat(kept).isEqualTo(expected);
	}

}
