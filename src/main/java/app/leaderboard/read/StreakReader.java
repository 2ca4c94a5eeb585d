package app.leaderboard.read;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.StreakQueries;
import app.leaderboard.store.redis.board.RedisStreaks;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.sync.StreakRebuild;

/**
 * The streak list of a scope as of today: from Redis (the lists of yesterday and today,
 * merged); a list Redis lacks is loaded in the background while the request waits a
 * moment or reads PostgreSQL; with Redis down, PostgreSQL, or 503 when the fallback is
 * off. The same body from either.
 */
@Service
public class StreakReader {

	/** How long a request waits for a missing list to load before reading PostgreSQL. */
	private static final Duration COLD_WAIT = Duration.ofMillis(200);

	private final RedisStreaks redis;

	private final StreakQueries store;

	private final StreakRebuild loader;

	private final Periods periods;

	private final ReadPath path;

	private final KnownScopes scopes;

	private final EntryNames names;

	private final CacheStats stats;

	private final boolean fallback;

	StreakReader(RedisStreaks redis, StreakQueries store, StreakRebuild loader, Periods periods, ReadPath path,
			KnownScopes scopes, EntryNames names, CacheStats stats, LeaderboardProperties properties) {
		this.redis = redis;
		this.store = store;
		this.loader = loader;
		this.periods = periods;
		this.path = path;
		this.scopes = scopes;
		this.names = names;
		this.stats = stats;
		this.fallback = properties.redisFallback();
	}

	public Sourced<StreakList> list(Scope scope, int limit, long offset) {
		LocalDate today = this.periods.today();
		if (!this.scopes.used(scope)) {
			// a scope never used: nothing to load, no key made
			return new Sourced<>(new StreakList(today, 0, List.of()), Source.REDIS);
		}
		try {
			Optional<StreakList> list = fromRedis(scope, today, limit, offset);
			if (list.isEmpty() && this.loader.load(scope, today, COLD_WAIT)) {
				list = fromRedis(scope, today, limit, offset);
			}
			if (list.isPresent()) {
				this.stats.hit();
				return new Sourced<>(list.get(), Source.REDIS);
			}
			this.stats.miss();
		}
		catch (RedisUnavailableException ex) {
			this.stats.miss();
			if (!this.fallback) {
				throw new ReadsUnavailableException();
			}
		}
		this.stats.fallback();
		return new Sourced<>(this.path.fromPostgres(() -> fromPostgres(scope, today, limit, offset)), Source.POSTGRES);
	}

	private Optional<StreakList> fromRedis(Scope scope, LocalDate today, int limit, long offset) {
		return this.redis.page(scope, today, offset, limit).map((page) -> {
			List<Ranks.Row> rows = page.entries()
				.stream()
				.map((member) -> new Ranks.Row(member.userId(), member.run()))
				.toList();
			Map<String, String> named = this.names.of(rows.stream().map(Ranks.Row::userId).toList(), Source.REDIS);
			List<StreakList.Entry> entries = new ArrayList<>();
			List<BoardPage.Entry> ranked = Ranks.entries(page.above(), offset, rows);
			for (int i = 0; i < ranked.size(); i++) {
				RedisStreaks.Member member = page.entries().get(i);
				entries.add(new StreakList.Entry(ranked.get(i).rank(), member.userId(), named.get(member.userId()),
						member.run(), member.today() ? today : today.minusDays(1)));
			}
			return new StreakList(today, page.total(), entries);
		});
	}

	private StreakList fromPostgres(Scope scope, LocalDate today, int limit, long offset) {
		List<StreakQueries.Row> rows = this.store.page(scope, today, limit, offset);
		long above = rows.isEmpty() ? 0 : this.store.above(scope, today, rows.get(0).run());
		List<BoardPage.Entry> ranked = Ranks.entries(above, offset,
				rows.stream().map((row) -> new Ranks.Row(row.userId(), row.run())).toList());
		List<StreakList.Entry> entries = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			StreakQueries.Row row = rows.get(i);
			entries.add(new StreakList.Entry(ranked.get(i).rank(), row.userId(), row.displayName(), row.run(),
					row.lastDay()));
		}
		return new StreakList(today, this.store.total(scope, today), entries);
	}

}
