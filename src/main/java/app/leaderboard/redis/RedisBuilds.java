package app.leaderboard.redis;

import java.time.Clock;

import app.leaderboard.period.PeriodInstance;
import app.leaderboard.totals.BoardRow;
import app.leaderboard.totals.UserRow;

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
	public KeyBuild<BoardRow> boardBuild(PeriodInstance instance) {
		BoardBuild build = new BoardBuild(this.connector, this.guard, this.keys, this.clock, instance);
		build.start();
		return build;
	}

	/** A user cache build whose build key exists once this returns. */
	public KeyBuild<UserRow> usersBuild() {
		UsersBuild build = new UsersBuild(this.connector, this.guard, this.keys);
		build.start();
		return build;
	}

}
