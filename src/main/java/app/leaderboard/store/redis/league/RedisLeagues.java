package app.leaderboard.store.redis.league;

import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.lettuce.core.ScriptOutputType;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * League listings in Redis. A group's listing holds its listed members (not hidden, not
 * erased, as PostgreSQL had them when it was cached) and their results; the scores come
 * from the season's board at each read, so they are as fresh as the board. Listings and
 * lookups live until one season after their season's end ({@link #lifetime}), so that
 * steady reads hit them. Joins, hides and erasures drop the entries they change at once
 * ({@link #forget}, {@link #forgetGroups}); whatever a Redis fault or a killed instance
 * made them miss, the league check drops within a drift interval
 * ({@link RedisLeagueChecks}), from the groups PostgreSQL marks as changed.
 */
public class RedisLeagues {

	/**
	 * How long a group's generation outlives its last change: far longer than any read
	 * between reading it and storing the listing it built.
	 */
	static final Duration GENERATION_TTL = Duration.ofDays(1);

	/** The shortest time to live of a listing, whatever the clock says of its season. */
	private static final Duration SHORTEST = Duration.ofMinutes(1);

	private static final LuaScript GROUP = LuaScript.load("league_group.lua", ScriptOutputType.MULTI);

	private static final LuaScript FORGET = LuaScript.load("league_forget.lua", ScriptOutputType.INTEGER);

	private static final LuaScript PLACE = LuaScript.load("league_place.lua", ScriptOutputType.INTEGER);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	/** The service's clock, which the seasons follow. */
	private final Clock clock;

	public RedisLeagues(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock) {
		this.clock = clock;
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	/**
	 * How long a season's listings and lookups are kept from now: until one season after
	 * its end, while Redis still serves it as the previous season.
	 */
	public Duration lifetime(PeriodInstance season) {
		Instant until = season.end().plus(Duration.between(season.start(), season.end()));
		Duration left = Duration.between(this.clock.instant(), until);
		return (left.compareTo(SHORTEST) < 0) ? SHORTEST : left;
	}

	/**
	 * A listed member: the result code ("" while the season runs) and the board's score.
	 */
	public record Member(String userId, String result, @Nullable Double score) {

		/** The member's total: 0 when not on the board. */
		public long total() {
			return (this.score != null) ? BoardScore.total(this.score) : 0;
		}

	}

	/** A cached listing: what was stored with it ({@code meta}) and its members. */
	public record Listing(String meta, List<Member> members) {
	}

	/** What Redis answers for a group. */
	public sealed interface GroupRead {

		/** The season's board is not loaded: read PostgreSQL (or load the board). */
		record BoardMissing() implements GroupRead {
		}

		/**
		 * The board is loaded, the listing is not cached; a listing built from now on is
		 * cached with this {@code generation} ({@link #putGroup}).
		 */
		record ListingMissing(String generation) implements GroupRead {
		}

		record Found(Listing listing, String generation) implements GroupRead {
		}

	}

	public GroupRead group(PeriodInstance season, int tier, int group) {
		return run(season, tier, group, new String[0]);
	}

	/**
	 * Caches a group's listing, member to result code, and {@code meta}, then reads it as
	 * {@link #group} does, in one call; unless a join, hide, unhide or erasure of a
	 * member ({@link #forget}) or the league check moved the group past
	 * {@code generation}, the one read before the listing was built from PostgreSQL: then
	 * the listing may miss that change, and is not stored (the answer is what Redis
	 * holds).
	 */
	public GroupRead putGroup(PeriodInstance season, int tier, int group, String generation, String meta,
			List<String[]> members) {
		List<String> args = new ArrayList<>();
		args.add(Long.toString(lifetime(season).toMillis()));
		args.add(generation);
		args.add(BoardScore.LOADED);
		args.add(meta);
		for (String[] member : members) {
			args.add(member[0]);
			args.add(member[1]);
		}
		return run(season, tier, group, args.toArray(String[]::new));
	}

	private GroupRead run(PeriodInstance season, int tier, int group, String[] args) {
		return this.guard.call(() -> {
			List<Object> reply = GROUP.run(this.guard, this.connector.interactive(),
					new String[] { this.keys.board(season.global()), this.keys.leagueGroup(season, tier, group),
							this.keys.leagueGeneration(season, tier, group) },
					args);
			long state = (Long) reply.get(0);
			if (state == 0) {
				return new GroupRead.BoardMissing();
			}
			String generation = (String) reply.get(1);
			if (state == 1) {
				return new GroupRead.ListingMissing(generation);
			}
			List<Member> members = new ArrayList<>();
			for (int i = 3; i + 2 < reply.size(); i += 3) {
				String score = (String) reply.get(i + 2);
				members.add(new Member((String) reply.get(i), (String) reply.get(i + 1),
						score.isEmpty() ? null : Double.valueOf(score)));
			}
			return new GroupRead.Found(new Listing((String) reply.get(2), members), generation);
		});
	}

	/**
	 * The user's cached group in the season as "tier:group", or empty when not cached.
	 */
	public Optional<String> place(PeriodInstance season, String userId) {
		return this.guard.call(() -> Optional.ofNullable(
				this.guard.await(this.connector.interactive().hget(this.keys.leagueUsers(season, userId), userId))));
	}

	public void putPlace(PeriodInstance season, String userId, String place) {
		this.guard.call(() -> PLACE.run(this.guard, this.connector.interactive(),
				new String[] { this.keys.leagueUsers(season, userId) }, userId, place,
				Long.toString(lifetime(season).toMillis())));
	}

	/**
	 * Drops what Redis holds of the user in these seasons (their lookups) and these
	 * groups' listings, so that the next read takes them from PostgreSQL, and moves each
	 * group's generation on, so that a listing a read built before the change is not
	 * stored after it. Call after the change is committed.
	 */
	public void forget(String userId, List<PeriodInstance> seasons, List<GroupOf> groups) {
		this.guard.call(() -> {
			var redis = this.connector.interactive();
			List<java.util.concurrent.Future<?>> replies = new ArrayList<>();
			for (PeriodInstance season : seasons) {
				replies.add(redis.hdel(this.keys.leagueUsers(season, userId), userId));
			}
			groups.forEach((group) -> replies.add(forget(redis, group)));
			this.guard.awaitAll(replies);
			return null;
		});
	}

	/**
	 * Drops these groups' listings and moves their generations on, as {@link #forget}
	 * does: after a join committed, so that no read that starts later lists the group
	 * without its new member.
	 */
	public void forgetGroups(Collection<GroupOf> groups) {
		if (groups.isEmpty()) {
			return;
		}
		this.guard.call(() -> {
			var redis = this.connector.interactive();
			this.guard.awaitAll(
					groups.stream().<java.util.concurrent.Future<?>>map((group) -> forget(redis, group)).toList());
			return null;
		});
	}

	private java.util.concurrent.Future<?> forget(
			io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, String> redis, GroupOf group) {
		return FORGET.send(redis,
				new String[] { this.keys.leagueGroup(group.season(), group.tier(), group.group()),
						this.keys.leagueGeneration(group.season(), group.tier(), group.group()) },
				Long.toString(GENERATION_TTL.toMillis()));
	}

	/** A group of a season, as {@link #forget} names it. */
	public record GroupOf(PeriodInstance season, int tier, int group) {
	}

}
