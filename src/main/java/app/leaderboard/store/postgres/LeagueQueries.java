package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.store.postgres.LeagueResults.GroupKey;

/**
 * The reads of leagues from PostgreSQL: a user's group in a season and a group's members
 * with their totals, in the order of the boards (total descending, reached first, then
 * user id by bytes; members at 0 last, by user id), members hidden or erased left out.
 * What the Redis listing is built from, and the fallback while Redis is down.
 */
@Repository
public class LeagueQueries {

	/** A member's display name (null when none, docs/api.md, "Names"). */
	static final String DISPLAY_NAME = "(select u.display_name from users u where u.user_id = m.user_id)";

	private static final String MEMBERS = """
			select m.user_id, %s as display_name, coalesce(t.total, 0) as total, m.result
			from league_members m
			join users u on u.user_id = m.user_id and not u.hidden
			left join period_totals t
			    on t.period = m.period and t.period_start = m.season_start and t.user_id = m.user_id
			where m.period = ? and m.season_start = ? and m.tier = ? and m.group_no = ?
			order by coalesce(t.total, 0) desc, t.reached_at nulls last, m.user_id
			""".formatted(DISPLAY_NAME);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final LeagueProperties league;

	private final LeagueResults results;

	public LeagueQueries(JdbcTemplate jdbc, TransactionTemplate transactions, LeagueProperties league) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.league = league;
		this.results = new LeagueResults(jdbc, league);
	}

	/** A listed member: display name, total in the season, result once fixed. */
	public record Member(String userId, @Nullable String displayName, long total, @Nullable String result) {
	}

	/**
	 * A group's listing: its members in board order, and (once its results are fixed) the
	 * number of members listed at the season's end.
	 */
	public record Listing(List<Member> members, @Nullable Integer listedAtEnd) {
	}

	/** The user's group in the season, or empty when they have none there. */
	public Optional<GroupKey> groupOf(String userId, LocalDate seasonStart) {
		return this.jdbc
			.query("select tier, group_no from league_members where period = ? and season_start = ? and user_id = ?",
					(rs, n) -> new GroupKey(seasonStart, rs.getInt(1), rs.getInt(2)), this.league.period(), seasonStart,
					userId)
			.stream()
			.findFirst();
	}

	/** Whether the group exists in its season (it had a joiner). */
	public boolean exists(GroupKey group) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject(
				"select exists (select 1 from league_groups where period = ? and season_start = ? and tier = ? "
						+ "and group_no = ?)",
				Boolean.class, this.league.period(), group.seasonStart(), group.tier(), group.group()));
	}

	/**
	 * A group's listing; for a season that ended ({@code ended}), with its results fixed
	 * first when nothing fixed them yet.
	 */
	public Listing listing(GroupKey group, boolean ended) {
		return this.transactions.execute((status) -> {
			if (ended) {
				this.results.close(group);
			}
			List<Member> members = this.jdbc.query(MEMBERS,
					(rs, n) -> new Member(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
					this.league.period(), group.seasonStart(), group.tier(), group.group());
			List<Integer> listed = this.jdbc.queryForList(
					"select listed from league_groups where period = ? and season_start = ? and tier = ? "
							+ "and group_no = ?",
					Integer.class, this.league.period(), group.seasonStart(), group.tier(), group.group());
			return new Listing(members, listed.isEmpty() ? null : listed.get(0));
		});
	}

	/**
	 * A member's own standing when they are not listed (hidden): their total in the
	 * season and their result, if fixed.
	 */
	public Member own(String userId, LocalDate seasonStart) {
		List<Member> own = this.jdbc.query("""
				select m.user_id, %s, coalesce(t.total, 0), m.result from league_members m
				left join period_totals t
				    on t.period = m.period and t.period_start = m.season_start and t.user_id = m.user_id
				where m.period = ? and m.season_start = ? and m.user_id = ?
				""".formatted(DISPLAY_NAME),
				(rs, n) -> new Member(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)),
				this.league.period(), seasonStart, userId);
		return own.isEmpty() ? new Member(userId, null, 0, null) : own.get(0);
	}

	/**
	 * How many members of an ended season were promoted, stayed and were demoted (its
	 * results fixed first when nothing fixed them yet).
	 */
	public java.util.Map<String, Long> resultCounts(LocalDate seasonStart) {
		return this.transactions.execute((status) -> this.results.counts(seasonStart));
	}

}
