package app.leaderboard.league;

import org.jspecify.annotations.Nullable;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.UnknownUserException;
import app.leaderboard.read.BoardSelector;
import app.leaderboard.read.EntryNames;
import app.leaderboard.read.KnownUsers;
import app.leaderboard.read.ReadPath;
import app.leaderboard.read.Source;
import app.leaderboard.read.Sourced;
import app.leaderboard.store.postgres.LeagueQueries;
import app.leaderboard.store.postgres.LeagueResults.GroupKey;
import app.leaderboard.store.redis.league.RedisLeagues;
import app.leaderboard.store.redis.league.RedisLeagues.GroupRead;

/**
 * The league reads, through the boards' read path ({@link ReadPath}): Redis when it holds
 * the season's board (the group's listing is cached there from PostgreSQL for the season
 * and the one after, kept in step by the drops of each change and by {@link LeagueCheck};
 * the scores are the board's), PostgreSQL when Redis is down or the season is older than
 * the board Redis keeps; the same body from both.
 */
@Service
class LeagueReader {

	private final LeagueProperties league;

	private final Period seasons;

	private final Periods periods;

	private final BoardSelector selector;

	private final ReadPath path;

	private final KnownUsers users;

	private final LeagueQueries store;

	private final RedisLeagues redis;

	private final LeagueListings listings;

	private final EntryNames names;

	LeagueReader(LeagueProperties league, Periods periods, BoardSelector selector, ReadPath path, KnownUsers users,
			LeagueQueries store, RedisLeagues redis, EntryNames names) {
		this.names = names;
		this.league = league;
		this.seasons = Period.fromId(league.period()).orElseThrow();
		this.periods = periods;
		this.selector = selector;
		this.path = path;
		this.users = users;
		this.store = store;
		this.redis = redis;
		this.listings = new LeagueListings(league);
	}

	/** The season that contains {@code date} (today's when null); 400s as for boards. */
	PeriodInstance season(@Nullable String date) {
		return this.selector.select(this.seasons, date);
	}

	/** A group of a season, without a user. */
	Sourced<LeagueView> group(String tierName, String groupNumber, @Nullable String date) {
		int tier = this.league.tierIndex(tierName);
		if (tier < 0) {
			throw LeagueNotFoundException.unknownTier(tierName);
		}
		PeriodInstance season = season(date);
		if (!groupNumber.matches("^[1-9][0-9]{0,8}$")) {
			// groups are numbered 1, 2, 3...: nothing else names one
			throw LeagueNotFoundException.noGroup(tierName, "that", season.startDate());
		}
		GroupKey key = new GroupKey(season.startDate(), tier, Integer.parseInt(groupNumber));
		return this.path.read(season, () -> fromRedis(season, key, null), () -> fromPostgres(season, key, null));
	}

	/**
	 * The group of a user in a season, with the user's standing. The cached lookup of the
	 * user's group is a hint, checked against the group's listing, which the league check
	 * keeps in step with PostgreSQL: a user the listing does not show (hidden, or erased
	 * and recorded anew in another group since) has their group read from PostgreSQL.
	 */
	Sourced<LeagueView> user(String userId, @Nullable String date) {
		PeriodInstance season = season(date);
		this.users.find(userId).orElseThrow(() -> UnknownUserException.neverRecorded(userId));
		return this.path.read(season, () -> {
			GroupKey hint = this.redis.place(season, userId).map((cached) -> place(season, cached)).orElse(null);
			Optional<LeagueView> view = Optional.empty();
			if (hint != null) {
				view = fromRedis(season, hint, userId);
				LeagueView.Standing standing = view.map(LeagueView::user).orElse(null);
				if (view.isEmpty() || (standing != null && standing.rank() != null)) {
					return view;
				}
			}
			GroupKey key = groupOf(userId, season);
			if (key.equals(hint)) {
				// hidden: in the group, on no listing
				return view;
			}
			this.redis.putPlace(season, userId, key.tier() + ":" + key.group());
			return fromRedis(season, key, userId);
		}, () -> fromPostgres(season, groupOf(userId, season), userId));
	}

	/** A cached lookup, "tier:group", as a group of the season. */
	private static GroupKey place(PeriodInstance season, String cached) {
		int colon = cached.indexOf(':');
		return new GroupKey(season.startDate(), Integer.parseInt(cached.substring(0, colon)),
				Integer.parseInt(cached.substring(colon + 1)));
	}

	private GroupKey groupOf(String userId, PeriodInstance season) {
		return this.store.groupOf(userId, season.startDate())
			.orElseThrow(() -> LeagueNotFoundException.notInSeason(userId, season.startDate()));
	}

	private Optional<LeagueView> fromRedis(PeriodInstance season, GroupKey key, @Nullable String userId) {
		GroupRead read = this.redis.group(season, key.tier(), key.group());
		// a listing cached while the season ran has no results: not for an ended one
		boolean stale = read instanceof GroupRead.Found found && found.listing().meta().isEmpty() && ended(season);
		String generation = (read instanceof GroupRead.ListingMissing missing) ? missing.generation()
				: (read instanceof GroupRead.Found cached) ? cached.generation() : null;
		if (generation != null && (read instanceof GroupRead.ListingMissing || stale)) {
			// the generation was read before PostgreSQL: a change committed after this
			// read moved it on, and this listing is then not stored. Stored and read
			// back with the board's scores in one call
			LeagueQueries.Listing listing = listing(season, key);
			read = this.redis.putGroup(season, key.tier(), key.group(), generation,
					(listing.listedAtEnd() != null) ? listing.listedAtEnd().toString() : "",
					listing.members()
						.stream()
						.map((m) -> new String[] { m.userId(), (m.result() != null) ? m.result() : "" })
						.toList());
		}
		if (!(read instanceof GroupRead.Found found)) {
			return Optional.empty();
		}
		// board order: the board's score holds the total and who reached it first;
		// members
		// not on it are at 0, after everyone, by id (ids are ASCII: String order is byte
		// order)
		// names as every listing Redis serves has them: the user cache, then PostgreSQL
		Map<String, String> named = this.names
			.of(found.listing().members().stream().map(RedisLeagues.Member::userId).toList(), Source.REDIS);
		List<LeagueListings.Row> rows = found.listing()
			.members()
			.stream()
			.sorted(Comparator
				.comparingDouble((RedisLeagues.Member m) -> (m.score() != null) ? m.score() : Double.MAX_VALUE)
				.thenComparing(RedisLeagues.Member::userId))
			.map((m) -> new LeagueListings.Row(m.userId(), named.get(m.userId()), m.total(),
					m.result().isEmpty() ? null : m.result()))
			.toList();
		String meta = found.listing().meta();
		return Optional.of(this.listings.view(season, key.tier(), key.group(), rows,
				meta.isEmpty() ? null : Integer.valueOf(meta), ended(season), userId, () -> own(userId, season)));
	}

	private LeagueView fromPostgres(PeriodInstance season, GroupKey key, @Nullable String userId) {
		LeagueQueries.Listing listing = listing(season, key);
		List<LeagueListings.Row> rows = listing.members()
			.stream()
			.map((m) -> new LeagueListings.Row(m.userId(), m.displayName(), m.total(), m.result()))
			.toList();
		return this.listings.view(season, key.tier(), key.group(), rows, listing.listedAtEnd(), ended(season), userId,
				() -> own(userId, season));
	}

	/** A group's listing from PostgreSQL; 404 when the group does not exist. */
	private LeagueQueries.Listing listing(PeriodInstance season, GroupKey key) {
		return this.store.listing(key, ended(season))
			.orElseThrow(() -> LeagueNotFoundException.noGroup(this.listings.tierName(key.tier()),
					Integer.toString(key.group()), season.startDate()));
	}

	private LeagueListings.Row own(@Nullable String userId, PeriodInstance season) {
		LeagueQueries.Member own = this.store.own(java.util.Objects.requireNonNull(userId), season.startDate());
		return new LeagueListings.Row(own.userId(), own.displayName(), own.total(), own.result());
	}

	private boolean ended(PeriodInstance season) {
		return !season.end().isAfter(this.periods.now());
	}

}
