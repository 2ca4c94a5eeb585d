package app.leaderboard.store.redis.league;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The Redis side of the league check: drops the listings of the groups PostgreSQL marks
 * as changed, and keeps, per season, up to when it did ({@code checked}). That mark lives
 * in the season's slot, next to the listings: a flush, a restart empty or a failover to a
 * replica that lost writes takes it back with them (a replica holds a prefix of its
 * master's writes), and the next check then looks further back, never less far.
 */
public class RedisLeagueChecks {

	/** Commands in one round trip: a whole season's groups would overflow the queue. */
	static final int PIECE = 1_000;

	private static final LuaScript CHECK = LuaScript.load("league_check.lua", ScriptOutputType.INTEGER);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final RedisLeagues leagues;

	public RedisLeagueChecks(RedisConnector connector, RedisGuard guard, RedisKeys keys, RedisLeagues leagues) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
		this.leagues = leagues;
	}

	/**
	 * Up to when (the database's time) the check dropped the season's changed listings;
	 * empty when Redis holds no such mark (never checked, or lost since).
	 */
	public Optional<Instant> checked(PeriodInstance season) {
		String mark = this.guard
			.call(() -> this.guard.await(this.connector.interactive().get(this.keys.leagueChecked(season))));
		return Optional.ofNullable(mark).map((millis) -> Instant.ofEpochMilli(Long.parseLong(millis)));
	}

	public void markChecked(PeriodInstance season, Instant until) {
		this.guard.call(() -> this.guard.await(this.connector.interactive()
			.set(this.keys.leagueChecked(season), Long.toString(until.toEpochMilli()),
					SetArgs.Builder.px(this.leagues.lifetime(season).toMillis()))));
	}

	/**
	 * Drops the listings of these groups of a season ({@code {tier, group}}) and moves
	 * their generations on, where anything is cached of them.
	 * @return how many listings were dropped
	 */
	public int drop(PeriodInstance season, List<int[]> groups) {
		int dropped = 0;
		for (int from = 0; from < groups.size(); from += PIECE) {
			List<int[]> piece = groups.subList(from, Math.min(groups.size(), from + PIECE));
			dropped += this.guard.call(() -> {
				var redis = this.connector.interactive();
				List<Future<Long>> replies = new ArrayList<>(piece.size());
				for (int[] group : piece) {
					replies.add(CHECK.send(redis,
							new String[] { this.keys.leagueGroup(season, group[0], group[1]),
									this.keys.leagueGeneration(season, group[0], group[1]) },
							Long.toString(RedisLeagues.GENERATION_TTL.toMillis())));
				}
				this.guard.awaitAll(replies);
				int count = 0;
				for (Future<Long> reply : replies) {
					count += this.guard.await(reply).intValue();
				}
				return count;
			});
		}
		return dropped;
	}

}
