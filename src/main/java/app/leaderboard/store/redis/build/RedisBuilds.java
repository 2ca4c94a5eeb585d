package app.leaderboard.store.redis.build;

import java.time.Clock;
import java.util.Set;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.UserRow;
import app.leaderboard.store.redis.board.RedisGenerations;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/** Starts key builds: a board or the user cache loaded aside and swapped in. */
public class RedisBuilds {

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final Clock clock;

	private final RedisGenerations generations;

	public RedisBuilds(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock,
			RedisGenerations generations) {
		this.generations = generations;
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
		this.clock = clock;
	}

	/** A board build whose build key exists once this returns; see {@link KeyBuild}. */
	public KeyBuild<BoardRow> boardBuild(PeriodInstance instance) {
		BoardBuild build = new BoardBuild(this.connector, this.guard, this.keys, this.clock, instance);
		build.start();
		return build;
	}

	/**
	 * A build of the given user cache buckets, whose build keys exist once this returns;
	 * each bucket is a {@link KeyBuild} of its own.
	 */
	public RowBuild<UserRow> usersBuild(Set<Integer> buckets) {
		return new UsersBuild(this.connector, this.guard, this.keys, this.generations, buckets);
	}

}
