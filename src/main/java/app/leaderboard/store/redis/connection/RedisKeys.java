package app.leaderboard.store.redis.connection;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.zip.CRC32;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;

/**
 * The Redis key layout. Every key starts with the configured prefix, so deleting "our"
 * keys never touches anyone else's. Keys that a script or a swap uses together share a
 * hash tag ({@code {daily:2026-11-25}}, {@code {u17}}), so on a Redis Cluster every
 * script and multi-key command stays in one slot. A board is one sorted set; the user
 * cache is spread over {@value #USER_BUCKETS} hashes, so no single key (one slot, one
 * master's thread) carries every user.
 *
 * <pre>
 * {prefix}board:{daily:2026-11-25}         sorted set: the board; member '#' marks it loaded
 * {prefix}board:{daily:2026-11-25}:build   the board being rebuilt, swapped in when complete
 * {prefix}board:{daily:2026-11-25}:build:owner  the token of the build that may swap it in
 * {prefix}board:{daily:2026-11-25}:lock    who is rebuilding it
 * {prefix}board:{daily:2026-11-25}:ver     hash: membership guard (board_touch.lua, board_leave.lua)
 * {prefix}board:{daily:2026-11-25}:joins   while it lives (a rebuild's re-apply), joins record
 *                                          their version in :ver too
 * {prefix}board:{daily:2026-11-25}:erased  hash: tombstones, SHA-1 of an erased id to the
 *                                          erasure's version (board_erase.lua), a day long
 * {prefix}board:{daily:2026-11-25}:erased:due  sorted set: when each tombstone may go
 * {prefix}board:{daily:2026-11-25}:build:erased  set: ids erased while the build runs,
 *                                          left out of its batches, gone with the swap
 * {prefix}board:{daily:2026-11-25}:sum     hash: the board's team score and members (board_sum.lua),
 *                                          kept by the scripts that change the board
 * {prefix}board:{daily:2026-11-25}:check   hash: the board's checksum, 'n' members, 'all' the sum
 *                                          of their terms, '17' that of bucket 17 (lib/checksum.lua)
 * {prefix}board:{daily:2026-11-25}:build:check  the build key's checksum, renamed over it by the swap
 * {prefix}board:{daily:2026-11-25}:build:touched  set: ids updates wrote into the build key
 * {prefix}board:{daily:2026-11-25}:gen     string: the board's generation (generation.lua), a random
 *                                          value deleted by every script that changes the live board
 *                                          and made anew by the writer; the near cache's pages are only
 *                                          served under the current one
 * {prefix}names:{generation}               string: the generation of the names in the user cache,
 *                                          a new random value after a name changed there
 * {prefix}board:{daily:2026-11-25:region:eu}  a region's board (":org:acme" an organisation's), same layout
 * {prefix}users:{u17}                      hash: the users of bucket 17, user id to their
 *                                          record (UserRecord); '#' marks the bucket loaded
 * {prefix}users:{u17}:build, :old, :build:owner  the bucket being rebuilt, as for boards
 * {prefix}users:{u17}:erased, :erased:due, :build:erased  tombstones, as for boards
 * {prefix}users:lock                       who is rebuilding the user cache
 * {prefix}league:{weekly:2026-11-23}:g:1:3  hash: a league group's listed members (tier index
 *                                          1, group 3) to their result code, '#' to the
 *                                          members listed at the season's end; expires
 *                                          one season after the season's end
 * {prefix}league:{weekly:2026-11-23}:g:1:3:gen  string: the group's generation, moved on by
 *                                          every join, hide, unhide or erasure of a member
 *                                          and by the league check, so that no listing
 *                                          built before it is cached after
 *                                          (league_group.lua); expires a day after the last
 * {prefix}league:{weekly:2026-11-23}:who:17  hash: the season's users of bucket 17 to
 *                                          "tier:group"; expires with the listings
 * {prefix}league:{weekly:2026-11-23}:checked  string: the database time (epoch ms) up to
 *                                          which the league check dropped the season's
 *                                          changed listings; expires with the listings
 * {prefix}streak:{s}:2026-11-25            sorted set: the users whose streak last counted
 *                                          that day, scored minus their run; '#' (score 1)
 *                                          marks it loaded; a few days' time to live
 * {prefix}streak:{s:region:eu}:2026-11-25  a region's (":org:acme" an organisation's)
 * {prefix}streak:{s}:2026-11-25:build      the list being rebuilt, renamed over it
 * {prefix}streak:{s}:erased:2026-11-25     hash: tombstones of the day's erasures
 * {prefix}lease:{maintenance} (drift, ...) which instance runs a background job
 * {prefix}jobs:{reset-builds}              boards to build again after a reset, by due time
 * {prefix}shared:{outbox-backlog}          a gauge value one instance publishes for all
 * {prefix}ratelimit:{user}                 the update rate limit of one user
 * </pre>
 *
 * <p>
 * Every command on these keys is in this package, with one exception: the rate limit keys
 * are read and written by bucket4j's Lettuce proxy manager (a compare-and-swap Lua script
 * of its own, on one key, so Cluster-safe), from
 * {@code app.leaderboard.update.UpdateRateLimiter}. They expire by themselves once the
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
	 * left (-) it, kept only for users who moved, were hidden, were taken off it by a
	 * rebuild's re-apply, or joined it while one ran ({@link #boardJoins}).
	 */
	public String boardVersions(PeriodInstance instance) {
		return board(instance) + ":ver";
	}

	/**
	 * Set while a rebuild re-applies users to the board: as long as it lives, a user who
	 * joins the board records the version of the join in {@link #boardVersions}, so that
	 * the re-apply's removal of an older state of theirs cannot take them off
	 * (board_touch.lua).
	 */
	public String boardJoins(PeriodInstance instance) {
		return board(instance) + ":joins";
	}

	/** The board's tombstones: SHA-1 of an erased id to the erasure's version. */
	public String boardErased(PeriodInstance instance) {
		return board(instance) + ":erased";
	}

	/**
	 * The board's team sum: the sum of its totals and how many are above 0, made by the
	 * first team read after a swap and kept by every script that changes the board.
	 */
	public String boardSum(PeriodInstance instance) {
		return board(instance) + ":sum";
	}

	/**
	 * The board's checksum (lib/checksum.lua): members, the sum of their terms, and that
	 * sum per bucket of users, kept by every script that changes the board.
	 */
	public String boardCheck(PeriodInstance instance) {
		return board(instance) + ":check";
	}

	/** The checksum of the board's build key, which the swap makes the board's. */
	public String boardBuildCheck(PeriodInstance instance) {
		return boardBuild(instance) + ":check";
	}

	/**
	 * The ids that updates wrote into the board's build key while it is built: its
	 * batches tell the builder which of their rows met one (board_build_add.lua).
	 */
	public String boardBuildTouched(PeriodInstance instance) {
		return boardBuild(instance) + ":touched";
	}

	/**
	 * The board's generation: deleted by every script that changes the live board
	 * (board_touch.lua, board_leave.lua, board_erase.lua, swap.lua) and made again by the
	 * writers only (generation.lua); a page the near cache keeps is served only while it
	 * is the one read before the page was.
	 */
	public String boardGeneration(PeriodInstance instance) {
		return board(instance) + ":gen";
	}

	/**
	 * The generation of the names the user cache holds: set to a new random value once a
	 * name there changed (user_touch.lua answers 2), after every bulk write of users and
	 * after a rebuild of user cache buckets, since every listing shows names.
	 */
	public String namesGeneration() {
		return this.prefix + "names:{generation}";
	}

	public String boardLock(PeriodInstance instance) {
		return board(instance) + ":lock";
	}

	/**
	 * A league group's listing in a season; shares the hash tag of the season's board, so
	 * that one script reads both.
	 */
	public String leagueGroup(PeriodInstance season, int tier, int group) {
		return this.prefix + "league:{" + season.global().id() + "}:g:" + tier + ":" + group;
	}

	/**
	 * A league group's generation: a listing is only cached while it is the one read
	 * before the listing was built.
	 */
	public String leagueGeneration(PeriodInstance season, int tier, int group) {
		return leagueGroup(season, tier, group) + ":gen";
	}

	/**
	 * Up to when the league check dropped the changed listings of a season: in the
	 * season's slot, so that whatever loses the listings' writes loses this one too.
	 */
	public String leagueChecked(PeriodInstance season) {
		return this.prefix + "league:{" + season.global().id() + "}:checked";
	}

	/** Buckets of a season's user-to-group lookup. */
	public static final int LEAGUE_BUCKETS = 4096;

	/** The lookup bucket of a user's group in a season. */
	public String leagueUsers(PeriodInstance season, String userId) {
		CRC32 crc = new CRC32();
		crc.update(userId.getBytes(StandardCharsets.UTF_8));
		return this.prefix + "league:{" + season.global().id() + "}:who:" + (crc.getValue() % LEAGUE_BUCKETS);
	}

	/** Buckets of the user cache. Changing it orphans the old buckets' keys. */
	public static final int USER_BUCKETS = 256;

	/** The user cache bucket of a user: a stable hash of the id. */
	public static int userBucket(String userId) {
		CRC32 crc = new CRC32();
		crc.update(userId.getBytes(StandardCharsets.UTF_8));
		return (int) (crc.getValue() % USER_BUCKETS);
	}

	/** The user cache hash that holds {@code userId}. */
	public String users(String userId) {
		return usersBucket(userBucket(userId));
	}

	public String usersBucket(int bucket) {
		return this.prefix + "users:{u" + bucket + "}";
	}

	public String usersBucketBuild(int bucket) {
		return usersBucket(bucket) + ":build";
	}

	public String usersBucketOld(int bucket) {
		return usersBucket(bucket) + ":old";
	}

	/** The bucket's tombstones: SHA-1 of an erased id to the erasure's version. */
	public String usersBucketErased(int bucket) {
		return usersBucket(bucket) + ":erased";
	}

	/** When each of a tombstone hash's entries may go: a sorted set beside it. */
	public static String tombstonesDue(String tombstones) {
		return tombstones + ":due";
	}

	/**
	 * The ids erased while a build of {@code build} runs: its batches leave them out,
	 * since its snapshot may predate the erasure; the swap drops the set.
	 */
	public static String erasedDuringBuild(String build) {
		return build + ":erased";
	}

	/**
	 * The users of a scope whose streak's last day is {@code day}: the list of day T is
	 * this key of T-1 and T merged. Every day of one scope shares a hash slot.
	 */
	public String streak(Scope scope, LocalDate day) {
		return this.prefix + "streak:{s" + scope.suffix() + "}:" + day;
	}

	/**
	 * SHA-1 of the ids erased on {@code day} to the erasure's version (two days long).
	 */
	public String streakErased(Scope scope, LocalDate day) {
		return this.prefix + "streak:{s" + scope.suffix() + "}:erased:" + day;
	}

	public String streakBuild(Scope scope, LocalDate day) {
		return streak(scope, day) + ":build";
	}

	public String usersLock() {
		return this.prefix + "users:lock";
	}

	public String rateLimit(String userId) {
		return this.prefix + "ratelimit:{" + userId + "}";
	}

	/** A SCAN pattern matching every key of this service, glob characters escaped. */
	public String ownKeysPattern() {
		return this.prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
	}

}
