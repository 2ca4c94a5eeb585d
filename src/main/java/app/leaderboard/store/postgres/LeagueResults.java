package app.leaderboard.store.postgres;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.config.LeagueProperties;

/**
 * Fixes the results of ended league seasons (docs/consistency.md, "League results"). No
 * job runs at a season's end: a group's results are computed, once, by the first thing
 * that needs them or could change them afterwards: a join of one of its members in a
 * later season (for the member's tier), a read of the ended season, a hide, unhide or
 * erasure of one of its members (before the change), retention (before it deletes the
 * season's totals) and the season's result counts. Until then nothing that the results
 * depend on can have changed: an ended instance's totals only change by retention, and
 * who is hidden or erased only by those calls, which close the groups first. The first
 * caller takes the group's row lock; the others wait for it and find the group closed.
 * Groups are always locked in key order, after any user row and before any tier counter,
 * so that no two transactions wait on each other in a circle. Call inside a transaction.
 */
public class LeagueResults {

	/** Takes the group's lock; one row only for the first caller. */
	private static final String CLAIM = """
			update league_groups set closed_at = clock_timestamp()
			where period = ? and season_start = ? and tier = ? and group_no = ? and closed_at is null
			""";

	/**
	 * The group's standings at the end, members hidden or erased left out (they get no
	 * result), with the ranks of the boards, and each listed member's result.
	 */
	private static final String RESULTS = """
			with ranked as (
			    select m.user_id, m.tier, coalesce(t.total, 0) as total,
			        rank() over (order by coalesce(t.total, 0) desc) as r, count(*) over () as n
			    from league_members m
			    join users u on u.user_id = m.user_id and not u.hidden
			    left join period_totals t
			        on t.period = m.period and t.period_start = m.season_start and t.user_id = m.user_id
			    where m.period = ? and m.season_start = ? and m.tier = ? and m.group_no = ?
			), results as (
			    update league_members m set result = case
			        when r.r <= ? and r.total > 0 and r.tier < ? then 'promoted'
			        when r.r > greatest(?, r.n - ?) and r.tier > 0 then 'demoted'
			        else 'stayed' end
			    from ranked r
			    where m.period = ? and m.season_start = ? and m.user_id = r.user_id
			    returning 1
			)
			update league_groups set listed = (select count(*) from results)
			where period = ? and season_start = ? and tier = ? and group_no = ?
			""";

	private static final String OPEN_GROUPS_BEFORE = """
			select season_start, tier, group_no from league_groups
			where period = ? and season_start < ? and closed_at is null
			order by season_start, tier, group_no
			""";

	private static final String OPEN_GROUPS_OF_USER = """
			select g.season_start, g.tier, g.group_no
			from league_members m
			join league_groups g on g.period = m.period and g.season_start = m.season_start and g.tier = m.tier
			    and g.group_no = m.group_no
			where m.user_id = ? and m.period = ? and m.season_start < ? and g.closed_at is null
			order by 1, 2, 3
			""";

	private final JdbcTemplate jdbc;

	private final LeagueProperties league;

	public LeagueResults(JdbcTemplate jdbc, LeagueProperties league) {
		this.jdbc = jdbc;
		this.league = league;
	}

	/** A group of a season: its tier's index and its number. */
	public record GroupKey(LocalDate seasonStart, int tier, int group) {
	}

	/** Fixes the results of an ended season's group, unless they are already. */
	public void close(GroupKey group) {
		String period = this.league.period();
		int claimed = this.jdbc.update(CLAIM, period, group.seasonStart(), group.tier(), group.group());
		if (claimed == 0) {
			return;
		}
		this.jdbc.update(RESULTS, period, group.seasonStart(), group.tier(), group.group(), this.league.promote(),
				this.league.highestTier(), this.league.promote(), this.league.demote(), period, group.seasonStart(),
				period, group.seasonStart(), group.tier(), group.group());
	}

	/**
	 * Fixes the results of every ended group of the user's (seasons before the given
	 * one).
	 */
	public void closeEndedOf(String userId, LocalDate currentSeason) {
		closeAll(this.jdbc.query(OPEN_GROUPS_OF_USER, LeagueResults::groupKey, userId, this.league.period(),
				currentSeason));
	}

	/**
	 * Fixes the results of every group of the seasons that started before {@code before}.
	 */
	public void closeSeasonsBefore(String period, LocalDate before) {
		if (!period.equals(this.league.period())) {
			return;
		}
		closeAll(this.jdbc.query(OPEN_GROUPS_BEFORE, LeagueResults::groupKey, period, before));
	}

	/**
	 * How many members of an ended season were promoted, stayed and were demoted (members
	 * hidden or erased at its end have no result), its open groups closed first.
	 */
	public Map<String, Long> counts(LocalDate seasonStart) {
		closeSeasonsBefore(this.league.period(), seasonStart.plusDays(1));
		Map<String, Long> counts = new TreeMap<>(Map.of("promoted", 0L, "stayed", 0L, "demoted", 0L));
		this.jdbc.query("""
				select result, count(*) from league_members
				where period = ? and season_start = ? and result is not null group by result
				""", (rs) -> {
			counts.put(rs.getString(1), rs.getLong(2));
		}, this.league.period(), seasonStart);
		return counts;
	}

	private void closeAll(List<GroupKey> groups) {
		// key order, as every caller locks groups
		groups.stream().distinct().sorted(KEY_ORDER).forEach(this::close);
	}

	static final java.util.Comparator<GroupKey> KEY_ORDER = java.util.Comparator.comparing(GroupKey::seasonStart)
		.thenComparingInt(GroupKey::tier)
		.thenComparingInt(GroupKey::group);

	private static GroupKey groupKey(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new GroupKey(rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getInt(3));
	}

}
