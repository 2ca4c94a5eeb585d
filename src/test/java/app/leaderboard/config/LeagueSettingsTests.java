package app.leaderboard.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Invalid league settings stop the start with one line naming the variable. */
class LeagueSettingsTests {

	@Test
	void defaultsAreTheDocumentedOnes() {
		LeagueProperties league = SettingsBinder.bind(Map.of(), LeagueProperties.class);

		assertThat(league.period()).isEqualTo("weekly");
		assertThat(league.size()).isEqualTo(30);
		assertThat(league.tiers()).containsExactly("bronze", "silver", "gold", "platinum", "diamond");
		assertThat(league.promote()).isEqualTo(5);
		assertThat(league.demote()).isEqualTo(5);
		assertThat(StartupCheck.problem(Map.of())).isNull();
	}

	@Test
	void validValuesBind() {
		LeagueProperties league = SettingsBinder.bind(
				Map.of("LEADERBOARD_LEAGUE_PERIOD", "daily", "LEADERBOARD_LEAGUE_SIZE", "2", "LEADERBOARD_LEAGUE_TIERS",
						"a,b-2", "LEADERBOARD_LEAGUE_PROMOTE", "0", "LEADERBOARD_LEAGUE_DEMOTE", "100"),
				LeagueProperties.class);

		assertThat(league.period()).isEqualTo("daily");
		assertThat(league.size()).isEqualTo(2);
		assertThat(league.tiers()).containsExactly("a", "b-2");
		assertThat(league.highestTier()).isEqualTo(1);
		assertThat(league.promote()).isZero();
		assertThat(league.demote()).isEqualTo(100);
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_LEAGUE_SIZE", "100"))).isNull();
		assertThat(StartupCheck.problem(Map.of("LEADERBOARD_LEAGUE_TIERS", "solo"))).isNull();
	}

	@Test
	void eachBadValueNamesItsVariableInOneLine() {
		assertProblem("LEADERBOARD_LEAGUE_PERIOD", "monthly");
		assertProblem("LEADERBOARD_LEAGUE_PERIOD", "");
		assertProblem("LEADERBOARD_LEAGUE_SIZE", "1");
		assertProblem("LEADERBOARD_LEAGUE_SIZE", "101");
		assertProblem("LEADERBOARD_LEAGUE_SIZE", "thirty");
		assertProblem("LEADERBOARD_LEAGUE_TIERS", "Bronze,silver");
		assertProblem("LEADERBOARD_LEAGUE_TIERS", "bronze,silver,bronze");
		assertProblem("LEADERBOARD_LEAGUE_TIERS", "bronze,,gold");
		assertProblem("LEADERBOARD_LEAGUE_TIERS", "a-tier-name-longer-than-20");
		assertProblem("LEADERBOARD_LEAGUE_TIERS",
				"t1,t2,t3,t4,t5,t6,t7,t8,t9,t10,t11,t12,t13,t14,t15,t16,t17,t18,t19,t20,t21");
		assertProblem("LEADERBOARD_LEAGUE_PROMOTE", "-1");
		assertProblem("LEADERBOARD_LEAGUE_PROMOTE", "101");
		assertProblem("LEADERBOARD_LEAGUE_DEMOTE", "-1");
		assertProblem("LEADERBOARD_LEAGUE_DEMOTE", "many");
	}

	private static void assertProblem(String variable, String value) {
		String problem = StartupCheck.problem(Map.of(variable, value));
		assertThat(problem).as("%s=%s", variable, value).startsWith("Invalid configuration: " + variable + ": ");
		assertThat(problem).doesNotContain("\n").doesNotContain("Exception");
	}

}
