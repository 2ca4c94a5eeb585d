package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.LeagueResults.GroupKey;
import app.leaderboard.store.postgres.ScopedUpdates.Recorded;

/**
 * League joins of a batch (call inside its transaction, after the totals; part of
 * {@link ScopedUpdates}): each user of the batch who is not hidden and has no group in
 * the season of their update yet joins it. Their tier follows from their last season (its
 * group's results fixed first, {@link LeagueResults}): one up when promoted, one down
 * when demoted, the same otherwise; the lowest for a user who never took part (or whose
 * id was erased since). Inside the tier, places are handed out by the tier's counter row
 * ({@code league_tiers}): joiner k goes to group k / size + 1, so groups never overfill,
 * across every instance. The counter is taken, and the groups it opens made, in one
 * statement that commits at once: held until the batch committed, one batch whose commit
 * hangs (PostgreSQL not answering it) would stop every first update of the season in that
 * tier on every instance ({@code UpdateOutcomeIntegrationTests}). The price: a batch that
 * rolls back after taking its places leaves them unused, a group one short. Lock order:
 * users (held already), then ended groups, each in key order; the counters apart.
 */
public final class LeagueJoins {

	/**
	 * For each candidate: whether they joined the season already, and their last season
	 * before it with the tier, result and whether its group's results are fixed.
	 */
	static final String CANDIDATES = """
			select b.user_id, b.season_start, (cur.user_id is not null) as joined,
			    last.season_start, last.tier, last.group_no, last.result, g.closed_at is not null
			from unnest(?::text[], ?::date[]) b(user_id, season_start)
			left join league_members cur
			    on cur.period = ? and cur.season_start = b.season_start and cur.user_id = b.user_id
			left join lateral (
			    select m.season_start, m.tier, m.group_no, m.result from league_members m
			    where m.user_id = b.user_id and m.period = ? and m.season_start < b.season_start
			    order by m.season_start desc limit 1
			) last on cur.user_id is null
			left join league_groups g on g.period = ? and g.season_start = last.season_start
			    and g.tier = last.tier and g.group_no = last.group_no
			""";

	/**
	 * Takes {@code joiners} places of the tier, and makes the groups of those places
	 * (those that exist already only have their {@code changed_at} moved on, which the
	 * league check reads to drop their cached listings), in one statement that commits on
	 * its own: the group rows exist, committed, before any batch lists a member in them,
	 * and a later join of the same group meets a committed row (the tier's row lock
	 * orders the statements). The batch that lists the members commits later, within the
	 * check's margin. Answers the new count and the season's group size.
	 * <p>
	 * Its commit does not wait for the WAL flush (synchronous_commit off for this
	 * transaction alone): the batch that uses the places commits after it, and its own
	 * flush covers this commit, which is earlier in the WAL; a crash before that loses
	 * both, or leaves places unused as a rollback does. It saves the batch a second
	 * flush, waited for on the pool's one spare connection.
	 */
	private static final String TAKE_PLACES = """
			with taken as (
			    insert into league_tiers (period, season_start, tier, size, joiners) values (?, ?, ?, ?, ?)
			    on conflict (period, season_start, tier) do update set joiners = league_tiers.joiners + excluded.joiners
			    returning joiners, size
			), opened as (
			    insert into league_groups (period, season_start, tier, group_no, changed_at)
			    select ?, ?, ?, g, clock_timestamp() from taken,
			        generate_series((taken.joiners - ?) / taken.size + 1,
			            (taken.joiners - 1) / taken.size + 1) g
			    on conflict (period, season_start, tier, group_no) do update set changed_at = excluded.changed_at
			)
			select joiners, size, set_config('synchronous_commit', 'off', true) from taken
			""";

	private static final String ADD_MEMBERS = """
			insert into league_members (period, season_start, user_id, tier, group_no)
			select ?::text, * from unnest(?::date[], ?::text[], ?::smallint[], ?::integer[])
			order by 2, 3
			on conflict do nothing
			""";

	private final JdbcTemplate jdbc;

	private final LeagueProperties league;

	private final LeagueResults results;

	private final TransactionTemplate apart;

	LeagueJoins(JdbcTemplate jdbc, LeagueProperties league, TransactionTemplate apart) {
		this.jdbc = jdbc;
		this.apart = apart;
		this.league = league;
		this.results = new LeagueResults(jdbc, league);
	}

	/** A user of the batch, not hidden, and the season of their update. */
	record Candidate(String userId, PeriodInstance season) {

		LocalDate seasonStart() {
			return this.season.startDate();
		}

	}

	/** A group a user of the batch joined. */
	public record Joined(PeriodInstance season, int tier, int group) {
	}

	private record Row(String userId, LocalDate seasonStart, boolean joined, @Nullable GroupKey last,
			@Nullable String result, boolean closed) {
	}

	/**
	 * Joins the candidates who have no group in their season yet.
	 * @return {@code recorded}, each with the groups its user joined
	 */
	List<Recorded> join(Collection<Candidate> candidates, List<Recorded> recorded) {
		if (candidates.isEmpty()) {
			return recorded;
		}
		Map<String, PeriodInstance> seasons = new HashMap<>();
		candidates.forEach(
				(candidate) -> seasons.put(candidate.userId() + "@" + candidate.seasonStart(), candidate.season()));
		List<Row> rows = candidates(candidates);
		List<GroupKey> toClose = rows.stream()
			.filter((row) -> !row.joined() && row.last() != null && !row.closed())
			.map(Row::last)
			.toList();
		if (!toClose.isEmpty()) {
			toClose.stream().distinct().sorted(LeagueResults.KEY_ORDER).forEach(this.results::close);
			rows = candidates(candidates);
		}
		// season, then tier: the order every batch takes the counters in
		Map<LocalDate, Map<Integer, List<String>>> byTier = new TreeMap<>();
		for (Row row : rows) {
			if (!row.joined()) {
				byTier.computeIfAbsent(row.seasonStart(), (s) -> new TreeMap<>())
					.computeIfAbsent(tier(row), (t) -> new ArrayList<>())
					.add(row.userId());
			}
		}
		Places places = new Places();
		byTier.forEach((season, tiers) -> tiers.forEach((tier, users) -> place(season, tier, users, places)));
		if (places.users.isEmpty()) {
			return recorded;
		}
		this.jdbc.update(ADD_MEMBERS, (ps) -> {
			var con = ps.getConnection();
			ps.setString(1, this.league.period());
			ps.setArray(2, con.createArrayOf("date", places.seasons.toArray()));
			ps.setArray(3, con.createArrayOf("text", places.users.toArray()));
			ps.setArray(4, con.createArrayOf("smallint", places.tiers.toArray()));
			ps.setArray(5, con.createArrayOf("integer", places.groups.toArray()));
		});
		Map<String, List<Joined>> joined = new HashMap<>();
		for (int i = 0; i < places.users.size(); i++) {
			String user = places.users.get(i);
			PeriodInstance season = seasons.get(user + "@" + places.seasons.get(i).toLocalDate());
			joined.computeIfAbsent(user, (u) -> new ArrayList<>())
				.add(new Joined(season, places.tiers.get(i), places.groups.get(i)));
		}
		return recorded.stream()
			.map((r) -> new Recorded(r.scores(), r.outboxId(), r.before(),
					joined.getOrDefault(r.scores().userId(), List.of())))
			.toList();
	}

	/** The places the batch's joiners took, a column at a time. */
	private static final class Places {

		final List<java.sql.Date> seasons = new ArrayList<>();

		final List<String> users = new ArrayList<>();

		final List<Short> tiers = new ArrayList<>();

		final List<Integer> groups = new ArrayList<>();

	}

	private void place(LocalDate season, int tier, List<String> users, Places places) {
		List<String> ordered = users.stream().distinct().sorted(Comparator.naturalOrder()).toList();
		String period = this.league.period();
		int joiners = ordered.size();
		long[] counter = this.apart.execute((status) -> this.jdbc.queryForObject(TAKE_PLACES,
				(rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }, period, season, tier, this.league.size(),
				joiners, period, season, tier, joiners));
		long first = counter[0] - joiners;
		long size = counter[1];
		for (int i = 0; i < joiners; i++) {
			places.seasons.add(java.sql.Date.valueOf(season));
			places.users.add(ordered.get(i));
			places.tiers.add((short) tier);
			places.groups.add((int) ((first + i) / size) + 1);
		}
	}

	/** The tier a joiner starts the season in. */
	private int tier(Row row) {
		if (row.last() == null) {
			return 0;
		}
		int delta = ("promoted".equals(row.result())) ? 1 : ("demoted".equals(row.result())) ? -1 : 0;
		return Math.max(0, Math.min(this.league.highestTier(), row.last().tier() + delta));
	}

	private List<Row> candidates(Collection<Candidate> candidates) {
		List<String> users = candidates.stream().map(Candidate::userId).toList();
		List<java.sql.Date> seasons = candidates.stream().map((c) -> java.sql.Date.valueOf(c.seasonStart())).toList();
		String period = this.league.period();
		return this.jdbc.query((con) -> {
			var ps = con.prepareStatement(CANDIDATES);
			ps.setArray(1, con.createArrayOf("text", users.toArray()));
			ps.setArray(2, con.createArrayOf("date", seasons.toArray()));
			ps.setString(3, period);
			ps.setString(4, period);
			ps.setString(5, period);
			return ps;
		}, (ResultSet rs, int n) -> {
			LocalDate last = rs.getObject(4, LocalDate.class);
			return new Row(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getBoolean(3),
					(last != null) ? new GroupKey(last, rs.getInt(5), rs.getInt(6)) : null, rs.getString(7),
					rs.getBoolean(8));
		});
	}

}
