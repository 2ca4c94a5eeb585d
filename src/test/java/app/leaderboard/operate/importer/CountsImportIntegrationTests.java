package app.leaderboard.operate.importer;

import static app.leaderboard.support.TestApi.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.json.JsonContent;

import app.leaderboard.core.CountRow;
import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.CountsImport;
import app.leaderboard.support.Consistency;
import app.leaderboard.support.IntegrationTestBase;

/**
 * The import's writes (docs/migration.md) on the real PostgreSQL and Redis, step by step
 * as {@code import FILE.csv} runs them: check the file, write it, load Redis.
 */
class CountsImportIntegrationTests extends IntegrationTestBase {

	private static final String HEADER = "user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo,updated_at\n";

	@Autowired
	private CountsImport countsImport;

	@Autowired
	private Periods periods;

	private CountsImport.Imported importFile(String text) {
		List<CountRow> rows = new CountsCsv(this.clock.instant())
			.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), (n) -> {
			});
		Instant now = this.periods.now();
		CountsImport.Imported imported = this.countsImport.write(rows,
				List.of(this.periods.at(Period.DAILY, now), this.periods.at(Period.WEEKLY, now),
						this.periods.at(Period.MONTHLY, now), this.periods.at(Period.YEARLY, now)),
				now, (n) -> {
				});
		this.rebuild.fullSync((n) -> {
		});
		return imported;
	}

	/** 3000 users; every tenth has no pomodoros today, every hundredth none at all. */
	private static String file(int users) {
		StringBuilder text = new StringBuilder(HEADER);
		for (int i = 1; i <= users; i++) {
			long daily = (i % 10 == 0) ? 0 : 1 + i % 9;
			long yearly = (i % 100 == 0) ? 0 : daily + 100 + i % 13;
			text.append("user-")
				.append(i)
				.append(',')
				.append(daily)
				.append(',')
				.append((yearly == 0) ? 0 : daily + i % 4)
				.append(',')
				.append((yearly == 0) ? 0 : daily + 50)
				.append(',')
				.append(yearly)
				.append(',');
			if (i % 2 == 0) {
				text.append("2026-11-25T09:").append(String.format("%02d", i % 60)).append(":00Z");
			}
			text.append('\n');
		}
		return text.toString();
	}

	private List<Map<String, Object>> snapshot() {
		return this.jdbc.queryForList("""
				select 'u' as t, user_id, version::text as a, updated_at::text as b, '' as c from users
				union all select 't', user_id, period || period_start, total::text, reached_at::text from period_totals
				union all select 's', period || period_start, shard::text, members::text, '' from board_sizes
				order by 1, 2, 3
				""");
	}

	/** On every board, global and scoped: as many members counted as rows not hidden. */
	private void assertBoardSizesMatchTheRows() {
		assertThat(this.jdbc.queryForList(
				"""
						select t.period, t.period_start, t.scope, t.n, coalesce(s.m, 0) as m from
						    (select period, period_start, sc.scope, count(*) as n from period_totals
						     cross join lateral (values (''), ('region:' || region), ('org:' || org)) sc (scope)
						     where not hidden and sc.scope is not null group by 1, 2, 3) t
						    full join (select period, period_start, scope, sum(members) as m from board_sizes group by 1, 2, 3) s
						    using (period, period_start, scope)
						where coalesce(t.n, 0) <> coalesce(s.m, 0)
						"""))
			.isEmpty();
	}

	@Test
	void importsThousandsOfUsersIntoPostgresAndRedis() {
		this.api.update("zed", 4);

		CountsImport.Imported imported = importFile(file(3000));

		assertThat(imported.users()).isEqualTo(3000);
		assertThat(imported.newUsers()).isEqualTo(3000);
		assertThat(this.jdbc.queryForObject("select count(*) from users", Long.class)).isEqualTo(3001);
		// user-7: 8 today, 8 + 3 this week, 58 this month, 8 + 100 + 7 this year
		JsonContent stats = this.api.get("/api/redis-leaderboard/user/user-7").body();
		assertThat(stats).extractingPath("$.daily_pomo").isEqualTo(8);
		assertThat(stats).extractingPath("$.weekly_pomo").isEqualTo(11);
		assertThat(stats).extractingPath("$.monthly_pomo").isEqualTo(58);
		assertThat(stats).extractingPath("$.yearly_pomo").isEqualTo(115);
		assertThat(this.api.get("/api/redis-leaderboard/user/user-8").body()).extractingPath("$.updated_at")
			.asString()
			.isEqualTo("2026-11-25T09:08:00Z");
		// 0 is no row: the tenth users are not on today's board, the hundredth on none
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(2700 + 1);
		assertThat(this.api.get("/api/redis-leaderboard/yearly").body()).extractingPath("$.total").isEqualTo(2970 + 1);
		assertThat(this.api.get("/api/redis-leaderboard/user/user-100/rank/daily").body()).extractingPath("$.rank")
			.isNull();
		assertThat(this.api.get("/api/redis-leaderboard/user/zed").body()).extractingPath("$.daily_pomo").isEqualTo(4);
		assertBoardSizesMatchTheRows();
		// the boards that just ended are loaded by the background warm-up, not the sync
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(30));
	}

	@Test
	void importingTheSameFileTwiceGivesTheSameResult() {
		String file = file(2000);
		importFile(file);
		List<Map<String, Object>> first = snapshot();

		CountsImport.Imported again = importFile(file);

		assertThat(again.newUsers()).isZero();
		assertThat(again.changedUsers()).isZero();
		assertThat(again.unchangedUsers()).isEqualTo(2000);
		assertThat(again.totalsWritten()).isZero();
		assertThat(snapshot()).isEqualTo(first);
	}

	@Test
	void totalsAreSetNotAddedAndUsersNotInTheFileKeepTheirs() {
		this.api.post("/api/redis-leaderboard/update", "{\"user_id\":\"alice\",\"count\":3,\"region\":\"eu\"}");
		this.api.post("/api/redis-leaderboard/update",
				"{\"user_id\":\"bob\",\"count\":5,\"region\":\"eu\",\"org\":\"acme\"}");
		this.api.update("carol", 2);
		long versionsBefore = this.jdbc.queryForObject("select max(version) from users", Long.class);

		CountsImport.Imported imported = importFile(
				HEADER + "alice,10,20,30,40,\nbob,0,0,0,7,2026-11-25T08:00:00Z\ndave,1,1,1,1,\n");

		assertThat(imported.newUsers()).isEqualTo(1);
		assertThat(imported.changedUsers()).isEqualTo(2);
		JsonContent alice = this.api.get("/api/redis-leaderboard/user/alice").body();
		assertThat(alice).extractingPath("$.daily_pomo").isEqualTo(10);
		assertThat(alice).extractingPath("$.yearly_pomo").isEqualTo(40);
		JsonContent bob = this.api.get("/api/redis-leaderboard/user/bob").body();
		assertThat(bob).extractingPath("$.daily_pomo").isEqualTo(0);
		assertThat(bob).extractingPath("$.yearly_pomo").isEqualTo(7);
		assertThat(this.api.get("/api/redis-leaderboard/user/carol").body()).extractingPath("$.daily_pomo")
			.isEqualTo(2);
		// versions come from one sequence: a changed or new user's is above every earlier
		// one
		assertThat(this.jdbc.queryForObject("select version from users where user_id = 'alice'", Long.class))
			.isGreaterThan(versionsBefore);
		assertThat(this.jdbc.queryForObject("select version from users where user_id = 'dave'", Long.class))
			.isGreaterThan(versionsBefore);
		assertThat(this.jdbc.queryForObject("select version from users where user_id = 'carol'", Long.class))
			.isLessThanOrEqualTo(versionsBefore);
		// imported totals stay on their users' region and organisation boards
		assertThat(this.api.get("/api/redis-leaderboard/daily?region=eu").body()).extractingPath("$.entries[*].user_id")
			.isEqualTo(List.of("alice"));
		assertThat(this.api.get("/api/redis-leaderboard/yearly?org=acme").body()).extractingPath("$.entries[0].score")
			.isEqualTo(7);
		JsonContent daily = this.api.get("/api/redis-leaderboard/daily").body();
		assertThat(daily).extractingPath("$.total").isEqualTo(3);
		assertThat(daily).extractingPath("$.entries[0]").isEqualTo(entry(1, "alice", 10));
		assertBoardSizesMatchTheRows();

		// the update path goes on from the imported totals
		assertThat(this.api.update("bob", 2).body()).extractingPath("$.yearly_pomo").isEqualTo(9);
		assertThat(this.api.get("/api/redis-leaderboard/daily").body()).extractingPath("$.total").isEqualTo(4);
		assertBoardSizesMatchTheRows();
		// the boards that just ended are loaded by the background warm-up, not the sync
		new Consistency(this.jdbc, this.redis, this.periods, null).awaitEqual(Duration.ofSeconds(30));
	}

}
