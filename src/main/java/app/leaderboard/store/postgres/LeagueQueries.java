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

	/**
	 * A group, its members listed now (not hidden, not erased) in board order, and the
	 * number listed at the season's end once its results are fixed: one statement, so
	 * that a read that misses Redis's cached listing costs PostgreSQL one round trip. No
	 * row when the group does not exist; one row with a null member when nobody is
	 * listed.
	 */
	private static final String GROUP = """
			select g.listed, x.user_id, x.display_name, x.total, x.result
			from league_groups g
			left join lateral (
			    select m.user_id, u.display_name, coalesce(t.total, 0) as total, m.result, t.reached_at
			    from league_members m
			    join users u on u.user_id = m.user_id and not u.hidden
			    left join period_totals t
			        on t.period = m.period and t.period_start = m.season_start and t.user_id = m.user_id
			    where m.period = g.period and m.season_start = g.season_start and m.tier = g.tier
			        and m.group_no = g.group_no
			) x on true
			where g.period = ? and g.season_start = ? and g.tier = ? and g.group_no = ?
			order by x.total desc, x.reached_at nulls last, x.user_id
			""";

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

	/**
	 * A group's listing, or empty when the group does not exist; for a season that ended
	 * ({@code ended}), with its results fixed first when nothing fixed them yet.
	 */
	public Optional<Listing> listing(GroupKey group, boolean ended) {
		if (!ended) {
			return group(group);
		}
		return this.transactions.execute((status) -> {
			this.results.close(group);
			return group(group);
		});
	}

	private Optional<Listing> group(GroupKey key) {
		List<Member> members = new java.util.ArrayList<>();
		Integer[] listed = { null };
		boolean[] exists = { false };
		this.jdbc.query(GROUP, (java.sql.ResultSet rs) -> {
			exists[0] = true;
			listed[0] = rs.getObject(1, Integer.class);
			if (rs.getString(2) != null) {
				members.add(new Member(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
			}
		}, this.league.period(), key.seasonStart(), key.tier(), key.group());
		return exists[0] ? Optional.of(new Listing(members, listed[0])) : Optional.empty();
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
