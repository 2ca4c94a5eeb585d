package app.leaderboard.operate.generate;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.test.json.JsonContent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.sql.Timestamp;

import app.leaderboard.support.IntegrationTestBase;
import app.leaderboard.support.MutableClock;

/**
 * The generator against the real (embedded) PostgreSQL: the schema's invariants, a skewed
 * distribution with ties, reproducibility, and counts the service then serves correctly.
 */
class SyntheticUsersIntegrationTests extends IntegrationTestBase {

	private static final int USERS = 10_000;

	@Autowired
	private SyntheticUsers generator;

	private SyntheticUsers.Generated generate(long seed) {
		return this.generator.generate(USERS, seed, MutableClock.DEFAULT, true, (n) -> {
		});
	}

	@Test
	void writesUsersWithVersionsAndTimes() {
		SyntheticUsers.Generated result = generate(1);
		assertThat(result.users()).isEqualTo(USERS);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isEqualTo(USERS);
		assertThat(this.jdbc.queryForObject("select count(*) from period_totals", Long.class))
			.isEqualTo(result.periodTotals());
		assertThat(this.jdbc.queryForObject(
				"select count(*) from users where version < 1 or created_at > updated_at or updated_at > ?", Long.class,
				Timestamp.from(MutableClock.DEFAULT)))
			.isZero();
		// a user exists because of an update: everyone has at least one total
		assertThat(this.jdbc.queryForObject(
				"select count(*) from users where user_id not in (select user_id from period_totals)", Long.class))
			.isZero();
		// the users' last update is the latest time they reached a total
		assertThat(this.jdbc.queryForObject("""
				select count(*) from users u
				join (select user_id, max(reached_at) as last from period_totals group by user_id) t using (user_id)
				where u.updated_at <> t.last
				""", Long.class)).isZero();
	}

	@Test
	void totalsArePositiveAndReachedWithinTheirPeriodInWholeSeconds() {
		generate(2);
		assertThat(this.jdbc.queryForObject("select count(*) from period_totals where total <= 0", Long.class))
			.isZero();
		assertThat(this.jdbc.queryForObject(
				"select count(*) from period_totals where reached_at <> date_trunc('second', reached_at)", Long.class))
			.isZero();
		assertThat(this.jdbc.queryForObject("""
				select count(*) from period_totals
				where reached_at < (period_start::timestamp at time zone 'UTC')
				   or reached_at >= ((period_start + case period when 'daily' then interval '1 day'
				        when 'weekly' then interval '7 days' when 'monthly' then interval '1 month'
				        else interval '1 year' end)::timestamp at time zone 'UTC')
				   or reached_at > ?
				""", Long.class, java.sql.Timestamp.from(MutableClock.DEFAULT))).isZero();
		// current and previous instance of each of the four periods
		assertThat(this.jdbc.queryForList("select distinct period || ':' || period_start from period_totals order by 1",
				String.class))
			.containsExactly("daily:2026-11-24", "daily:2026-11-25", "monthly:2026-10-01", "monthly:2026-11-01",
					"weekly:2026-11-16", "weekly:2026-11-23", "yearly:2025-01-01", "yearly:2026-01-01");
		// today's pomodoros are part of this week's, month's and year's
		assertThat(this.jdbc.queryForObject("""
				select count(*) from period_totals d
				join period_totals y on y.user_id = d.user_id and y.period = 'yearly' and y.period_start = '2026-01-01'
				where d.period = 'daily' and d.period_start = '2026-11-25' and y.total < d.total
				""", Long.class)).isZero();
	}

	@Test
	void boardSizesMatchTheTotalsShardByShard() {
		generate(3);
		Map<String, Long> expected = new HashMap<>();
		this.jdbc.query("select period, period_start, user_id from period_totals", (RowCallbackHandler) (rs) -> {
			String key = rs.getString(1) + "/" + rs.getString(2) + "/" + Math.floorMod(rs.getString(3).hashCode(), 16);
			expected.merge(key, 1L, Long::sum);
		});
		Map<String, Long> actual = new HashMap<>();
		this.jdbc.query("select period, period_start, shard, members from board_sizes",
				(RowCallbackHandler) (rs) -> actual.put(rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getInt(3),
						rs.getLong(4)));
		assertThat(actual).isEqualTo(expected);
	}

	@Test
	void countsAreSkewedWithManyTies() {
		generate(4);
		List<Long> yearly = this.jdbc.queryForList(
				"select total from period_totals where period = 'yearly' and period_start = '2026-01-01' order by total",
				Long.class);
		long sum = yearly.stream().mapToLong(Long::longValue).sum();
		long median = yearly.get(yearly.size() / 2);
		long max = yearly.get(yearly.size() - 1);
		long topPercent = yearly.subList(yearly.size() - yearly.size() / 100, yearly.size())
			.stream()
			.mapToLong(Long::longValue)
			.sum();
		assertThat(max).isGreaterThan(20 * median);
		assertThat((double) sum / yearly.size()).isGreaterThan(median);
		assertThat((double) topPercent / sum).isGreaterThan(0.08);
		// ties: far fewer distinct totals than members, and a shared score at the top of
		// today's board too
		Long members = this.jdbc.queryForObject(
				"select count(*) from period_totals where period = 'daily' and period_start = '2026-11-25'",
				Long.class);
		Long distinct = this.jdbc.queryForObject(
				"select count(distinct total) from period_totals where period = 'daily' and period_start = '2026-11-25'",
				Long.class);
		assertThat(members).isGreaterThan(1000);
		assertThat(distinct).isLessThan(members / 20);
		Long tiedAtTop = this.jdbc.queryForObject("""
				select count(*) from (select total from period_totals
				where period = 'daily' and period_start = '2026-11-25' group by total having count(*) > 1) t
				""", Long.class);
		assertThat(tiedAtTop).isGreaterThan(3);
	}

	@Test
	void theSameSeedAndMomentGiveTheSameRows() {
		generate(5);
		String first = fingerprint();
		generate(5);
		assertThat(fingerprint()).isEqualTo(first);
		generate(6);
		assertThat(fingerprint()).isNotEqualTo(first);
	}

	private String fingerprint() {
		return this.jdbc.queryForObject(
				"""
						select md5(string_agg(t.period || t.period_start || t.user_id || t.total || t.reached_at, ','
						    order by t.period, t.period_start, t.user_id))
						    || md5((select string_agg(user_id || version || created_at || updated_at, ',' order by user_id) from users))
						from period_totals t
						""",
				String.class);
	}

	@Test
	void refusesADatabaseWithUsersUnlessReplacing() {
		this.api.update("alice", 1);
		assertThatThrownBy(() -> this.generator.generate(10, 1, MutableClock.DEFAULT, false, (n) -> {
		})).isInstanceOf(SyntheticUsers.NotEmptyException.class);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isEqualTo(1);
	}

	@Test
	void theServiceCountsGeneratedBoardsRightAndKeepsCountingAfterUpdates() {
		SyntheticUsers.Generated result = generate(7);
		// the generator writes PostgreSQL only; load the cache as operators do
		this.rebuild.fullSync((n) -> {
		});
		long daily = result.members()
			.entrySet()
			.stream()
			.filter((e) -> e.getKey().id().equals("daily:2026-11-25"))
			.mapToLong(Map.Entry::getValue)
			.findFirst()
			.orElseThrow();
		JsonContent board = this.api.get("/api/redis-leaderboard/daily?limit=5").body();
		assertThat(board).extractingPath("$.total")
			.asNumber()
			.extracting(Number::longValue, InstanceOfAssertFactories.LONG)
			.isEqualTo(daily);
		// someone not on today's board joins it: the count grows by one
		String absent = this.jdbc.queryForObject("""
				select user_id from users u where not exists (select 1 from period_totals t
				where t.user_id = u.user_id and t.period = 'daily' and t.period_start = '2026-11-25') limit 1
				""", String.class);
		this.api.update(absent, 1);
		assertThat(this.api.get("/api/redis-leaderboard/user/" + absent + "/rank/daily").body())
			.extractingPath("$.total")
			.asNumber()
			.extracting(Number::longValue, InstanceOfAssertFactories.LONG)
			.isEqualTo(daily + 1);
		// the top of the board is the highest generated total
		Long top = this.jdbc.queryForObject(
				"select max(total) from period_totals where period = 'daily' and period_start = '2026-11-25'",
				Long.class);
		assertThat(board).extractingPath("$.entries[0].score")
			.asNumber()
			.extracting(Number::longValue, InstanceOfAssertFactories.LONG)
			.isEqualTo(top);
		assertThat(board).extractingPath("$.resets_at")
			.asString()
			.satisfies((text) -> assertThat(Instant.parse(text)).isEqualTo(Instant.parse("2026-11-26T00:00:00Z")));
	}

}
