package app.leaderboard.league;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.LeagueQueries;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.league.RedisLeagues;

/**
 * What other features need of leagues: the result counts of an ended season (the
 * {@code league.season_ended} webhook event), and dropping a user's cached league entries
 * after a hide, unhide or erasure.
 */
@Service
public class LeagueSeasons {

	private static final Logger log = LoggerFactory.getLogger(LeagueSeasons.class);

	private final LeagueProperties league;

	private final Period seasons;

	private final Periods periods;

	private final LeagueQueries store;

	private final RedisLeagues redis;

	LeagueSeasons(LeagueProperties league, Periods periods, LeagueQueries store, RedisLeagues redis) {
		this.league = league;
		this.seasons = Period.fromId(league.period()).orElseThrow();
		this.periods = periods;
		this.store = store;
		this.redis = redis;
	}

	/** The result counts of an ended season. */
	public record SeasonResults(String period, LocalDate seasonStart, long promoted, long stayed, long demoted) {
	}

	/**
	 * How many members of the season that contains {@code date} were promoted, stayed and
	 * were demoted, from PostgreSQL (members hidden or erased at its end have no result
	 * and are not counted). Fixes the season's results first where nothing did yet, so it
	 * needs no job to have run at the boundary; the answer never changes afterwards.
	 * @throws IllegalArgumentException when that season has not ended
	 */
	public SeasonResults resultCounts(LocalDate date) {
		PeriodInstance season = this.periods.containing(this.seasons, date);
		if (season.end().isAfter(this.periods.now())) {
			throw new IllegalArgumentException("The season of " + season.startDate() + " has not ended");
		}
		Map<String, Long> counts = this.store.resultCounts(season.startDate());
		return new SeasonResults(this.league.period(), season.startDate(), counts.get("promoted"), counts.get("stayed"),
				counts.get("demoted"));
	}

	/**
	 * Drops the user's cached league entries (the current season's and the previous
	 * one's, which Redis serves): their lookups and their groups' listings. Best effort:
	 * what Redis misses now, the league check drops within a drift interval
	 * ({@link LeagueCheck}: PostgreSQL marked the groups changed with the change).
	 * @param groups the user's groups, as {@link #groupsOf} gave them before the change
	 */
	public void forget(String userId, List<RedisLeagues.GroupOf> groups) {
		try {
			this.redis.forget(userId, servedSeasons(), groups);
		}
		catch (RedisUnavailableException ex) {
			log.debug("League entries left to the league check: {}", ex.getMessage());
		}
	}

	/** The user's groups in the seasons Redis serves, from PostgreSQL. */
	public List<RedisLeagues.GroupOf> groupsOf(String userId) {
		List<RedisLeagues.GroupOf> groups = new ArrayList<>();
		for (PeriodInstance season : servedSeasons()) {
			this.store.groupOf(userId, season.startDate())
				.ifPresent((key) -> groups.add(new RedisLeagues.GroupOf(season, key.tier(), key.group())));
		}
		return groups;
	}

	private List<PeriodInstance> servedSeasons() {
		PeriodInstance current = this.periods.current(this.seasons);
		return List.of(current, this.periods.previous(current));
	}

}
