package app.leaderboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.OffsetDateTime;

import app.leaderboard.core.Scope;
import app.leaderboard.support.IntegrationTestBase;

/**
 * The PostgreSQL fallback reads (Redis down or cold) are index scans, never a sort or a
 * count of a whole board: each statement of {@link BoardQueries} that serves a read is
 * EXPLAINed against a realistic table (20,000 users over current and past periods, skewed
 * totals with many ties, then ANALYZE). The plans are written to
 * {@code target/explain-plans.md}; docs/explain.md shows them.
 */
class ExplainPlanTests extends IntegrationTestBase {

	private static final int USERS = 20_000;

	private static final LocalDate DAY = LocalDate.parse("2026-11-25");

	private static final StringBuilder report = new StringBuilder();

	@Autowired
	private HistogramFold fold;

	@BeforeEach
	void realisticData() {
		this.jdbc.execute("insert into users (user_id, version, created_at, updated_at) "
				+ "select 'user' || lpad(n::text, 5, '0'), 1, now(), now() from generate_series(1, " + USERS + ") n");
		// share of users on each board: everyone this year, fewer this month, week, day;
		// and yesterday's and last month's boards stay in the table
		board("daily", DAY, 0.3);
		board("daily", DAY.minusDays(1), 0.3);
		board("daily", DAY.minusDays(2), 0.3);
		board("weekly", LocalDate.parse("2026-11-23"), 0.6);
		board("weekly", LocalDate.parse("2026-11-16"), 0.6);
		board("monthly", LocalDate.parse("2026-11-01"), 0.9);
		board("monthly", LocalDate.parse("2026-10-01"), 0.8);
		board("yearly", LocalDate.parse("2026-01-01"), 1.0);
		// every user in one of 50 regions, a fifth in one of 1,000 organisations, a few
		// hidden (as the update, hide and unhide transactions keep them)
		this.jdbc.execute("update users set region = 'region-' || abs(hashtext(user_id)) % 50, "
				+ "org = case when abs(hashtext(user_id || 'o')) % 5 = 0 then 'org-' || abs(hashtext(user_id)) % 1000 end, "
				+ "hidden = abs(hashtext(user_id || 'h')) % 500 = 0");
		this.jdbc.execute("update period_totals t set region = u.region, org = u.org, hidden = u.hidden "
				+ "from users u where u.user_id = t.user_id");
		this.jdbc.execute("insert into board_sizes (period, period_start, scope, shard, members) "
				+ "select period, period_start, s, abs(hashtext(user_id)) % 16, count(*) from period_totals, "
				+ "unnest(array['', 'region:' || region, 'org:' || org]) s where s is not null and not hidden "
				+ "group by 1, 2, 3, 4");
		// two years of earlier boards' size rows, as a service that has run that long has
		this.jdbc.execute("insert into board_sizes (period, period_start, shard, members) "
				+ "select p, d, s, 100 from unnest(array['daily', 'weekly', 'monthly']) p, "
				+ "generate_series(date '2024-11-01', date '2026-10-31', interval '1 day') d, generate_series(0, 15) s "
				+ "where p = 'daily' or (p = 'weekly' and extract(isodow from d) = 1) "
				+ "or (p = 'monthly' and extract(day from d) = 1) on conflict do nothing");
		// the histogram as the background fold leaves it, with a few changes not yet
		// folded
		this.fold.fold();
		this.jdbc.update("update period_totals set total = total + 1 where user_id in ('user00001', 'user00002')");
		// what autovacuum does on a live table: statistics and the visibility map
		this.jdbc.execute("vacuum analyze users, period_totals, board_sizes, board_histogram");
	}

	private void board(String period, LocalDate start, double share) {
		// skewed totals (many small ones, a few large), so that ties are common; chosen
		// by hash, not random(), so that every run plans the same table
		this.jdbc.update(
				"insert into period_totals (period, period_start, user_id, total, reached_at) "
						+ "select ?, ?, user_id, 1 + floor(power((h % 1000) / 1000.0, 3) * 300)::bigint, "
						+ "timestamptz '2026-11-25 00:00:00+00' + (h % 36000) * interval '1 second' "
						+ "from (select user_id, abs(hashtext(user_id || ?)) as h from users) u where h % 1000 < ?",
				period, start, period + start, (int) (share * 1000));
	}

	@Test
	void everyFallbackReadIsAnIndexScanNeverASortOrAFullCount() {
		// a page: the board index read in display order, stopping after offset + limit
		String top = explain("Top of the daily board (page, limit 10)", BoardQueries.PAGE, "daily", DAY, 10, 0);
		String deep = explain("A deep page of the yearly board (limit 100, offset 15000)", BoardQueries.PAGE, "yearly",
				LocalDate.parse("2026-01-01"), 100, 15_000);
		// a rank: a range of the board's histogram, from the top down to the user's total
		String high = explain("Users above a high total (a rank near the top)", BoardQueries.COUNT_ABOVE, "daily", DAY,
				"", 200);
		String low = explain("Users above total 1 on the yearly board (a rank near the bottom: the worst case)",
				BoardQueries.COUNT_ABOVE, "yearly", LocalDate.parse("2026-01-01"), "", 1);
		// a board's size: its 16 counter rows, never a count of the board
		String members = explain("Board size (members)", BoardQueries.MEMBERS, "yearly", LocalDate.parse("2026-01-01"),
				"");
		// the same reads of a region's and an organisation's board
		String regionTop = explain("Top of a region's daily board", BoardSql.page(Scope.region("x")), "daily", DAY,
				"region-7", 10, 0);
		String orgTop = explain("Top of an organisation's yearly board", BoardSql.page(Scope.org("x")), "yearly",
				LocalDate.parse("2026-01-01"), "org-7", 10, 0);
		String regionAbove = explain("Users above total 1 on a region's yearly board", BoardQueries.COUNT_ABOVE,
				"yearly", LocalDate.parse("2026-01-01"), "region:region-7", 1);
		String orgAbove = explain("Users above total 1 on an organisation's yearly board", BoardQueries.COUNT_ABOVE,
				"yearly", LocalDate.parse("2026-01-01"), "org:org-7", 1);
		String regionMembers = explain("A region board's size", BoardQueries.MEMBERS, "yearly",
				LocalDate.parse("2026-01-01"), "region:region-7");
		String regionTotal = explain("One user's total on a region's board", BoardSql.total(Scope.region("x")), "daily",
				DAY, "region-7", "user01234");
		// a user: key lookups
		String total = explain("One user's total on one board (rank fallback)", BoardQueries.TOTAL, "daily", DAY,
				"user01234");
		String user = explainUserScores();
		// the rank fallback's one statement: the user's total, the histogram above it,
		// the size
		String standing = explain("A user's standing on the yearly board in one statement (rank fallback)",
				BoardQueries.STANDING, "yearly", LocalDate.parse("2026-01-01"), "user01234", "yearly",
				LocalDate.parse("2026-01-01"), "", "yearly", LocalDate.parse("2026-01-01"), "");
		String regionStanding = explain("A user's standing on a region's yearly board in one statement",
				BoardSql.standing(Scope.region("x")), "yearly", LocalDate.parse("2026-01-01"), "region-7", "user01234",
				"yearly", LocalDate.parse("2026-01-01"), "region:region-7", "yearly", LocalDate.parse("2026-01-01"),
				"region:region-7");

		for (String plan : List.of(top, deep)) {
			assertIndexOnly(plan);
			assertThat(plan).contains("period_totals_board").doesNotContain("Sort");
		}
		for (String plan : List.of(high, low)) {
			assertHistogramRange(plan);
		}
		// moving, hiding and erasing one user touch that user's rows only
		String userRows = explain("Every total of one user (move, hide, erase)",
				"update period_totals set region = ?, org = ? where user_id = ?", "region-1", null, "user01234");
		String hiddenCount = explain("Hidden users (admin status)", "select count(*) from users where hidden");
		assertThat(userRows).contains("period_totals_user").doesNotContain("Seq Scan");
		assertThat(hiddenCount).contains("users_hidden").doesNotContain("Seq Scan");
		assertIndexOnly(regionTop);
		assertThat(regionTop).contains("period_totals_region").doesNotContain("Sort");
		assertIndexOnly(orgTop);
		assertThat(orgTop).contains("period_totals_org").doesNotContain("Sort");
		assertHistogramRange(regionAbove);
		assertHistogramRange(orgAbove);
		assertIndexOnly(regionMembers);
		assertThat(regionMembers).contains("board_sizes_pkey").doesNotContain("period_totals");
		assertIndexOnly(regionTotal);
		assertIndexOnly(members);
		assertThat(members).contains("board_sizes_pkey").doesNotContain("period_totals");
		assertIndexOnly(total);
		assertThat(total).contains("period_totals_pkey");
		for (String plan : List.of(standing, regionStanding)) {
			assertThat(plan).contains("board_histogram_pkey", "board_sizes_pkey")
				.doesNotContain("Seq Scan")
				.doesNotContain("Aggregate\n  ->  Seq Scan on period_totals");
			assertThat(plan).containsAnyOf("period_totals_pkey", "period_totals_region");
		}
		assertIndexOnly(user);
		assertThat(user).contains("users_pkey").containsAnyOf("period_totals_pkey", "period_totals_user");
		// the tombstone of an erased id is a primary key lookup (V1_21), never a scan
		assertThat(user).contains("erasures_pkey").doesNotContain("Seq Scan on erasures");
	}

	@Test
	void theReadsOfPastBoardsAroundAUserAndOfFriendsAreIndexScans() {
		LocalDate yesterday = DAY.minusDays(1);
		// a past board is the same index read at another period_start
		String past = explain("Top of yesterday's daily board (?date=, page)", BoardQueries.PAGE, "daily", yesterday,
				10, 0);
		String row = explain("One user's row on a board (around: where the user stands)", StandingQueries.STANDING,
				"daily", yesterday, "user01234");
		String tied = explain("Users tied with a total who reached it first (around: the user's position)",
				StandingQueries.TIED_BEFORE, "daily", yesterday, 1, OffsetDateTime.parse("2026-11-25T05:00:00Z"),
				"user01234");
		String known = explainArray("Which of the ids are users (friends)", StandingQueries.KNOWN, "text",
				new String[] { "user00001", "user00002", "nobody" });
		String rows = explainBoardArray("Several users' rows on one board (friends)", StandingQueries.ROWS_OF, "text",
				new String[] { "user00001", "user00002", "user09999" });
		String above = explainAboveEach();
		String history = explainHistory();
		String purge = explain("A batch of daily totals past retention", DailyTotalsPurge.DELETE_BATCH,
				DAY.minusDays(1), 1000);

		assertIndexOnly(past);
		assertThat(past).contains("period_totals_board").doesNotContain("Sort");
		assertIndexOnly(row);
		assertThat(row).contains("period_totals_pkey");
		assertIndexOnly(tied);
		assertThat(tied).contains("period_totals_board");
		assertIndexOnly(known);
		assertThat(known).contains("users_pkey");
		assertIndexOnly(rows);
		assertThat(rows).containsAnyOf("period_totals_pkey", "period_totals_user");
		assertHistogramRange(above);
		assertIndexOnly(history);
		// the user's own rows: by primary key, or by the per-user index of V1_2
		assertThat(history).containsAnyOf("period_totals_pkey", "period_totals_user");
		assertIndexOnly(purge);
		assertThat(purge).doesNotContain("Sort");
	}

	@Test
	void theWebhooksTopTenIsARangeOfTheBoardIndex() {
		String top = explain("The first ten of a board that ended, with names (the webhook's period.ended)",
				BoardSql.ranked(Scope.GLOBAL) + " limit ?", "daily", DAY.minusDays(1), 10);
		// a whole export reads the board in the same order; the planner may sort rather
		// than walk the index for all of it, which streams all the same (recorded only)
		explain("A whole board in display order (the admin export, streamed by a cursor)",
				BoardSql.ranked(Scope.region("x")), "daily", DAY, "region-7");

		assertIndexOnly(top);
		assertThat(top).contains("period_totals_board").doesNotContain("Sort");
	}

	private String explainArray(String title, String sql, String type, Object[] values) {
		List<String> plan = new ArrayList<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement("explain " + sql);
			ps.setArray(1, con.createArrayOf(type, values));
			return ps;
		}, (rs) -> {
			plan.add(rs.getString(1));
		});
		return record(title, sql, String.join("\n", plan));
	}

	private String explainBoardArray(String title, String sql, String type, Object[] values) {
		List<String> plan = new ArrayList<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement("explain " + sql);
			ps.setString(1, "daily");
			ps.setObject(2, DAY);
			ps.setArray(3, con.createArrayOf(type, values));
			return ps;
		}, (rs) -> {
			plan.add(rs.getString(1));
		});
		return record(title, sql, String.join("\n", plan));
	}

	private String explainAboveEach() {
		List<String> plan = new ArrayList<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement("explain " + StandingQueries.ABOVE_EACH);
			ps.setString(1, "daily");
			ps.setObject(2, DAY);
			ps.setString(3, "");
			ps.setArray(4, con.createArrayOf("bigint", new Long[] { 1L, 40L, 250L }));
			return ps;
		}, (rs) -> {
			plan.add(rs.getString(1));
		});
		return record("Users above each of a few totals (friends' ranks)", StandingQueries.ABOVE_EACH,
				String.join("\n", plan));
	}

	private String explainHistory() {
		List<String> plan = new ArrayList<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement("explain " + StandingQueries.HISTORY);
			ps.setString(1, "daily");
			String[] days = new String[30];
			for (int i = 0; i < days.length; i++) {
				days[i] = DAY.minusDays(i).toString();
			}
			ps.setArray(2, con.createArrayOf("text", days));
			ps.setString(3, "user01234");
			return ps;
		}, (rs) -> {
			plan.add(rs.getString(1));
		});
		return record("A user's daily totals of the last 30 days (history)", StandingQueries.HISTORY,
				String.join("\n", plan));
	}

	private String explainUserScores() {
		List<String> plan = new ArrayList<>();
		this.jdbc.query((con) -> {
			var ps = con.prepareStatement("explain " + BoardQueries.USER_SCORES);
			Array periods = con.createArrayOf("text", new String[] { "daily", "weekly", "monthly", "yearly" });
			Array starts = con.createArrayOf("text",
					new String[] { DAY.toString(), "2026-11-23", "2026-11-01", "2026-01-01" });
			ps.setArray(1, periods);
			ps.setArray(2, starts);
			ps.setArray(3, con.createArrayOf("text", new String[] { "user01234" }));
			return ps;
		}, (rs) -> {
			plan.add(rs.getString(1));
		});
		return record("A user's stats in the four current periods (user fallback)", BoardQueries.USER_SCORES,
				String.join("\n", plan));
	}

	private String explain(String title, String sql, Object... args) {
		List<String> plan = this.jdbc.queryForList("explain " + sql, String.class, args);
		return record(title, sql, String.join("\n", plan));
	}

	private static String record(String title, String sql, String plan) {
		synchronized (report) {
			report.append("### ")
				.append(title)
				.append("\n\n```sql\n")
				.append(sql.strip())
				.append("\n```\n```\n")
				.append(plan)
				.append("\n```\n\n");
		}
		return plan;
	}

	/** No sequential scan of the big table: the plan reads an index (or a tiny table). */
	/** A sum over a range of the histogram's totals: never a count of a board's users. */
	private static void assertHistogramRange(String plan) {
		assertThat(plan).doesNotContain("period_totals").doesNotContain("Seq Scan");
		assertThat(plan).contains("board_histogram_pkey");
	}

	private static void assertIndexOnly(String plan) {
		assertThat(plan).doesNotContain("Seq Scan on period_totals").doesNotContain("Seq Scan on users");
		assertThat(plan).containsAnyOf("Index Scan", "Index Only Scan", "Bitmap Index Scan");
	}

	@AfterAll
	static void writeReport() throws IOException {
		Path file = Path.of("target", "explain-plans.md");
		Files.createDirectories(file.getParent());
		Files.writeString(file, report.toString());
	}

}
