package app.leaderboard.redis;

import app.leaderboard.period.PeriodInstance;

/**
 * The Redis key layout. Every key starts with the configured prefix, so deleting "our"
 * keys never touches anyone else's. Keys that a script or a swap uses together share a
 * hash tag ({@code {daily:2026-11-25}}, {@code {users}}), so Redis Cluster can be used
 * without changing a command.
 *
 * <pre>
 * {prefix}board:{daily:2026-11-25}         sorted set: the board; member '#' marks it loaded
 * {prefix}board:{daily:2026-11-25}:build   the board being rebuilt, swapped in when complete
 * {prefix}board:{daily:2026-11-25}:lock    who is rebuilding it
 * {prefix}board:{daily:2026-11-25}:ver     hash: membership guard (board_touch.lua, board_leave.lua)
 * {prefix}board:{daily:2026-11-25:region:eu}  a region's board (":org:acme" an organisation's), same layout
 * {prefix}{users}                          hash: user id to "version:updatedMillis"; '#' marks it loaded
 * {prefix}{users}:build, :lock             as for boards
 * {prefix}ratelimit:{user}                 the update rate limit of one user
 * </pre>
 *
 * <p>
 * Every command on these keys is in this package, with one exception: the rate limit keys
 * are read and written by bucket4j's Lettuce proxy manager (a compare-and-swap Lua script
 * of its own, on one key, so Cluster-safe), from
 * {@code app.leaderboard.ratelimit.UpdateRateLimiter}. They expire by themselves once the
 * bucket has refilled, and live under the prefix, so deleting our keys resets them too.
 */
public final class RedisKeys {

	private final String prefix;

	public RedisKeys(String prefix) {
		this.prefix = prefix;
	}

	public String prefix() {
		return this.prefix;
	}

	public String board(PeriodInstance instance) {
		return this.prefix + "board:{" + instance.id() + "}";
	}

	public String boardBuild(PeriodInstance instance) {
		return board(instance) + ":build";
	}

	public String boardOld(PeriodInstance instance) {
		return board(instance) + ":old";
	}

	/**
	 * The board's membership guard: user id to the version at which they joined (+) or
	 * left (-) it, kept only for users who moved, were hidden or were relayed.
	 */
	public String boardVersions(PeriodInstance instance) {
		return board(instance) + ":ver";
	}

	public String boardLock(PeriodInstance instance) {
		return board(instance) + ":lock";
	}

	public String users() {
		return this.prefix + "{users}";
	}

	public String usersBuild() {
		return users() + ":build";
	}

	public String usersOld() {
		return users() + ":old";
	}

	public String usersLock() {
		return users() + ":lock";
	}

	public String rateLimit(String userId) {
		return this.prefix + "ratelimit:{" + userId + "}";
	}

	/** A SCAN pattern matching every key of this service, glob characters escaped. */
	public String ownKeysPattern() {
		return this.prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
	}

}
