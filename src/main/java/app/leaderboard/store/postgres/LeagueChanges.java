package app.leaderboard.store.postgres;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import app.leaderboard.config.LeagueProperties;

/**
 * Which league groups changed when ({@code league_groups.changed_at}, written with the
 * database's own clock): a join stamps the groups it hands places in
 * ({@link LeagueJoins}), a hide, unhide or erasure the groups of that user, in the
 * transaction of the change. The league check reads the groups changed since its last run
 * and drops their cached listings, so that a drop that Redis missed (a fault, an instance
 * killed between the commit and the answer) is repaired by itself.
 */
@Repository
public class LeagueChanges {

	/**
	 * The user's groups from the previous season on (the ones Redis serves), locked in
	 * key order: the order in which joins and result fixing take group rows.
	 */
	private static final String TOUCH = """
			update league_groups g set changed_at = clock_timestamp()
			from (
			    select g2.period, g2.season_start, g2.tier, g2.group_no
			    from league_groups g2
			    join league_members m on m.period = g2.period and m.season_start = g2.season_start
			        and m.tier = g2.tier and m.group_no = g2.group_no
			    where m.user_id = ? and m.period = ? and m.season_start >= ?
			    order by 1, 2, 3, 4
			    for update of g2
			) x
			where g.period = x.period and g.season_start = x.season_start and g.tier = x.tier
			    and g.group_no = x.group_no
			""";

	private static final String CHANGED = """
			select tier, group_no from league_groups
			where changed_at >= ? and period = ? and season_start = ?
			""";

	private final JdbcTemplate jdbc;

	private final LeagueProperties league;

	public LeagueChanges(JdbcTemplate jdbc, LeagueProperties league) {
		this.jdbc = jdbc;
		this.league = league;
	}

	/** A group of a season, by tier index and number. */
	public record Group(int tier, int group) {
	}

	/**
	 * Marks the user's groups of the seasons from {@code since} on as changed: call in
	 * the transaction of a hide or unhide, as its last statement (the group rows are then
	 * held only until its commit, while it waits for nothing else).
	 */
	public void touch(String userId, LocalDate since) {
		this.jdbc.update(TOUCH, userId, this.league.period(), since);
	}

	/**
	 * Takes the user out of every league season (an erasure: their memberships, and with
	 * them their tier) and marks the groups they were in as changed.
	 */
	public void leave(String userId, LocalDate since) {
		touch(userId, since);
		this.jdbc.update("delete from league_members where user_id = ?", userId);
	}

	/** The database's clock, which wrote {@code changed_at}. */
	public Instant now() {
		return this.jdbc.queryForObject("select clock_timestamp()", OffsetDateTime.class).toInstant();
	}

	/** The groups of a season changed at or after {@code since}. */
	public List<Group> changedSince(LocalDate seasonStart, Instant since) {
		return this.jdbc.query(CHANGED, (rs, n) -> new Group(rs.getInt(1), rs.getInt(2)), Timestamp.from(since),
				this.league.period(), seasonStart);
	}

}
