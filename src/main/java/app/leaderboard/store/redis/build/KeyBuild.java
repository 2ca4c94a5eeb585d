package app.leaderboard.store.redis.build;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.Pipeline;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * Loads a key (a board or the user cache) into its build key in pipelined batches and
 * swaps it in atomically when complete; readers meanwhile keep seeing the previous key
 * (or "not loaded"). The same four steps for every kind of key: start the build key with
 * its loaded marker and an expiry, add rows in batches, mark it again and fix its expiry,
 * swap. The build key exists from the start, before the caller takes its PostgreSQL
 * snapshot, so every update committed after the snapshot is also written into it
 * (board_touch.lua, user_touch.lua), and the batches never replace those newer values.
 * Only the build that started the build key writes into it and swaps it in: its token is
 * in the owner key, and every batch, renewal and the swap checks it in the same script. A
 * builder that lost its lock (it stalled past the lock's time to live and another builder
 * started over, or Redis flushed or failed over while it ran) neither fails on a vanished
 * build key nor mixes its older snapshot into the next build, nor swaps in one that
 * another build has only half loaded. The build key and its owner key live
 * {@link #BUILD_TTL} and are renewed with the builder's lock ({@link #keepAlive}), so a
 * killed builder's half-built key, as large as the board, goes away by itself.
 *
 * @param <R> the rows a build is made of
 */
public abstract sealed class KeyBuild<R> implements RowBuild<R> permits BoardBuild, UserBucketBuild {

	/** Rows per ZADD/HSET of a rebuild. */
	static final int BATCH = 1000;

	/**
	 * How long a build key and its owner key outlive a builder that stopped renewing
	 * them: a lock's time to live, renewed with the lock (RedisLocks).
	 */
	static final Duration BUILD_TTL = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(KeyBuild.class);

	private static final LuaScript SWAP = LuaScript.load("swap.lua", ScriptOutputType.INTEGER);

	private static final LuaScript BUILD_RENEW = LuaScript.load("build_renew.lua", ScriptOutputType.INTEGER);

	private final RedisGuard guard;

	final Pipeline pipeline;

	private final String live;

	final String build;

	private final String old;

	/** Holds the token of the build that owns the build key (swap.lua). */
	final String owner;

	final String token = UUID.randomUUID().toString();

	/**
	 * The ids erased while this build runs, left out of its batches (board_erase.lua).
	 */
	final String erased;

	/** Set before the swap, which ends the build key: nothing is left to renew. */
	private volatile boolean swapping;

	private List<R> batch = new ArrayList<>(BATCH);

	private long rows;

	KeyBuild(RedisConnector connector, RedisGuard guard, String live, String build, String old) {
		this.guard = guard;
		this.pipeline = new Pipeline(guard, connector.bulk(), connector.bulkTimeout());
		this.live = live;
		this.build = build;
		this.old = old;
		this.owner = build + ":owner";
		this.erased = RedisKeys.erasedDuringBuild(build);
	}

	/**
	 * Step 1: an empty build key with its loaded marker and a short expiry, and this
	 * build's token in the owner key (a stalled build that had the key before is refused
	 * from now on).
	 */
	final void start() {
		this.guard.awaitAll(begin(), this.pipeline.timeout());
	}

	/**
	 * {@link #start} without waiting for the replies, so that a build of many keys (the
	 * user cache's buckets) waits once for all of them rather than a round trip per key
	 * behind the batches of builds running beside it.
	 */
	final List<Future<?>> begin() {
		List<Future<?>> started = new ArrayList<>();
		started.add(redis().unlink(this.build));
		// what lives beside the build key exists before it does: an update that finds the
		// build key writes there too (a board's checksum)
		started.addAll(beside());
		started.addAll(List.of(mark(), redis().pexpire(this.build, BUILD_TTL.toMillis()),
				redis().set(this.owner, this.token, SetArgs.Builder.px(BUILD_TTL.toMillis()))));
		return started;
	}

	/**
	 * Starts what lives beside the build key and goes with it into the swap (a board's
	 * checksum); nothing by default.
	 */
	List<Future<?>> beside() {
		return List.of();
	}

	/** Step 2: adds one row; full batches go out at once. */
	@Override
	public final void add(R row) {
		this.batch.add(row);
		this.rows++;
		if (this.batch.size() == BATCH) {
			flush();
		}
	}

	private void flush() {
		if (!this.batch.isEmpty()) {
			this.pipeline.send(write(this.batch));
			this.batch = new ArrayList<>(BATCH);
		}
	}

	/**
	 * Steps 3 and 4: the last batches, then the swap, which gives the key its life as a
	 * live key (swap.lua). The loaded marker is in the build key since step 1: only this
	 * build's batches reach it. @return rows loaded
	 */
	@Override
	public final long complete() {
		flush();
		this.pipeline.drain();
		this.swapping = true;
		List<String> args = new ArrayList<>(List.of(this.token, Long.toString(liveTtlMillis())));
		args.addAll(swapArguments());
		Long swapped = SWAP.runBulk(this.guard, redis(), swapKeys(), args.toArray(String[]::new));
		if (swapped == null || swapped == 0) {
			// the build key is another build's now, or partial: that build, or the next
			// repair, loads the key (swap.lua)
			log.warn("Did not swap in {}: another build took it over, or Redis lost it while it was built", this.build);
		}
		return this.rows;
	}

	/**
	 * Extends the build key and its owner key by {@link #BUILD_TTL} while they are this
	 * build's (build_renew.lua); the builder's lock renews it with itself. False once
	 * another build took the key over or Redis lost it; true once the swap began.
	 */
	@Override
	public final boolean keepAlive() {
		return this.guard.call(() -> RedisGuard.awaitWithin(renewal(), this.pipeline.timeout()));
	}

	/** {@link #keepAlive} without waiting, for many buckets in one round trip. */
	final CompletableFuture<Boolean> renewal() {
		if (this.swapping) {
			return CompletableFuture.completedFuture(true);
		}
		CompletableFuture<Long> renewed = BUILD_RENEW.send(redis(), renewKeys(), this.token,
				Long.toString(BUILD_TTL.toMillis()));
		// a renewal that reaches Redis after the swap finds no owner: the build is done
		return renewed.thenApply((reply) -> (reply != null && reply == 1) || this.swapping);
	}

	/**
	 * A batch's keys and arguments as the build scripts take them: the owner key last
	 * among the keys, this build's token last among the arguments, so that the script
	 * refuses the batch when the build key is no longer this build's.
	 */
	final String[] withToken(String[] pairs) {
		String[] args = Arrays.copyOf(pairs, pairs.length + 1);
		args[pairs.length] = this.token;
		return args;
	}

	final RedisClusterAsyncCommands<String, String> redis() {
		return this.pipeline.redis();
	}

	/**
	 * The keys build_renew.lua takes; a board adds its build key's checksum and touched
	 * set.
	 */
	String[] renewKeys() {
		return new String[] { this.owner, this.build };
	}

	/**
	 * The keys swap.lua takes; a board adds its team sum, which goes with the swap, and
	 * its checksums.
	 */
	String[] swapKeys() {
		return new String[] { this.live, this.build, this.old, this.owner, this.erased };
	}

	/**
	 * What swap.lua takes after the token and the time to live; a board adds the sums of
	 * its batches' terms.
	 */
	List<String> swapArguments() {
		return List.of();
	}

	/** Puts the loaded marker into the build key. */
	abstract RedisFuture<?> mark();

	/** How long the key lives once it is live, in milliseconds; 0 for ever. */
	abstract long liveTtlMillis();

	/** Writes one batch of rows into the build key, if it is still this build's. */
	abstract Future<?> write(List<R> rows);

}
