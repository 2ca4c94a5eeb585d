package app.leaderboard.store.postgres;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

import app.leaderboard.support.IntegrationTestBase;

/**
 * The update pool's sessions reuse one generic plan per statement instead of planning
 * each batch's statements for its arrays, and no other pool's do; the one update
 * statement that joins, the league lookup of a batch's candidates, still reads by key
 * with the generic plan.
 */
class UpdatePlansIntegrationTests extends IntegrationTestBase {

	@Autowired
	DataSource shared;

	@Autowired
	UpdateDatabase updates;

	@Test
	void onlyTheUpdatePoolsSessionsReuseGenericPlans() {
		JdbcTemplate updatePool = new JdbcTemplate(this.updates.pool());
		assertThat(updatePool.queryForObject("show plan_cache_mode", String.class)).isEqualTo("force_generic_plan");
		assertThat(updatePool.queryForObject("show statement_timeout", String.class)).isEqualTo("20s");
		JdbcTemplate sharedPool = new JdbcTemplate(this.shared);
		assertThat(sharedPool.queryForObject("show plan_cache_mode", String.class)).isEqualTo("auto");
		assertThat(sharedPool.queryForObject("show statement_timeout", String.class)).isEqualTo("20s");
	}

	@Test
	void theGenericPlanOfTheLeagueLookupReadsByKey() {
		// three weekly seasons of 20,000 members in groups of 30, as a league that has
		// run
		// a while has
		this.jdbc.execute("insert into league_members (period, season_start, user_id, tier, group_no, result) "
				+ "select 'weekly', date '2026-11-09' + 7 * s, 'user' || lpad(n::text, 5, '0'), 1, n / 30 + 1, "
				+ "case when s < 2 then 'stayed' end " + "from generate_series(0, 2) s, generate_series(1, 20000) n");
		this.jdbc.execute("insert into league_groups (period, season_start, tier, group_no, closed_at) "
				+ "select distinct period, season_start, tier, group_no, "
				+ "case when season_start < date '2026-11-23' then now() end from league_members");
		this.jdbc.execute("analyze league_members, league_groups");
		List<String> plan = new JdbcTemplate(this.updates.pool()).execute((ConnectionCallback<List<String>>) (con) -> {
			try (Statement statement = con.createStatement()) {
				statement.execute("prepare candidates as " + numbered(LeagueJoins.CANDIDATES));
				List<String> lines = new ArrayList<>();
				try (ResultSet rs = statement.executeQuery("explain execute candidates("
						+ "'{user00001,user00002}', '{2026-11-30,2026-11-30}', 'weekly', 'weekly', 'weekly')")) {
					while (rs.next()) {
						lines.add(rs.getString(1));
					}
				}
				statement.execute("deallocate candidates");
				return lines;
			}
		});
		// a generic plan names its parameters; a plan made for the values would not
		assertThat(String.join("\n", plan)).contains("$3")
			.containsPattern("Index (Only )?Scan using \\w+ on league_members cur")
			.containsPattern("Index (Only )?Scan using \\w+ on league_members m")
			.containsPattern("Index (Only )?Scan using \\w+ on league_groups g")
			.doesNotContain("Seq Scan")
			.doesNotContain("Bitmap");
	}

	/** The statement with PostgreSQL's numbered parameters in place of JDBC's. */
	private static String numbered(String sql) {
		StringBuilder numbered = new StringBuilder();
		int parameter = 0;
		for (char c : sql.toCharArray()) {
			numbered.append((c == '?') ? "$" + (++parameter) : String.valueOf(c));
		}
		return numbered.toString();
	}

}
