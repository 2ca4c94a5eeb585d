package app.leaderboard.store.postgres;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;

/**
 * The team listings without Redis: each region's or organisation's score and members on
 * one period instance, summed from the boards' histogram (V1_11), which already counts
 * each scoped board's users per total with hidden users left out. One range of the
 * histogram's primary key, about a row per team and distinct total, never a row per user.
 */
@Repository
public class TeamQueries {

	/**
	 * Every team of one kind with a score above 0 on one period instance: its name, the
	 * sum of its members' totals and how many members have one.
	 */
	static final String TEAMS = """
			select substr(scope, ?), sum(total * members), sum(members)
			from board_histogram
			where period = ? and period_start = ? and left(scope, ?) = ? and total > 0
			group by scope
			having sum(total * members) > 0
			""";

	private final JdbcTemplate jdbc;

	public TeamQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/** A team's figures: the scope's name, its score and its members above 0. */
	public record TeamRow(String name, long score, long members) {
	}

	/** The teams of {@code kind} with a score on this period instance, in no order. */
	public List<TeamRow> teams(PeriodInstance instance, Scope.Kind kind) {
		String prefix = kind.id() + ":";
		return this.jdbc.query(TEAMS, (rs, n) -> new TeamRow(rs.getString(1), rs.getLong(2), rs.getLong(3)),
				prefix.length() + 1, instance.period().id(), instance.startDate(), prefix.length(), prefix);
	}

}
