package app.leaderboard.redis;

import java.time.Clock;

import app.leaderboard.period.PeriodInstance;

/** Starts key builds: a board or the user cache loaded aside and swapped in. */
public class RedisBuilds {

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final Clock clock;

	public RedisBuilds(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
		this.clock = clock;
	}

	/** A board build whose build key exists once this returns; see {@link KeyBuild}. */
	public BoardBuild boardBuild(PeriodInstance instance) {
		BoardBuild build = new BoardBuild(this.connector, this.guard, this.keys, this.clock, instance);
		build.start();
		return build;
	}

	/** A user cache build whose build key exists once this returns. */
	public UsersBuild usersBuild() {
		UsersBuild build = new UsersBuild(this.connector, this.guard, this.keys);
		build.start();
		return build;
	}

}
