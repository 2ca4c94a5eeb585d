package app.leaderboard.store.redis.build;

import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.Pipeline;
import app.leaderboard.store.redis.connection.RedisGuard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a key (a board or the user cache) into its build key in pipelined batches and
 * swaps it in atomically when complete; readers meanwhile keep seeing the previous key
 * (or "not loaded"). The same four steps for every kind of key: start the build key with
 * its loaded marker and an expiry, add rows in batches, mark it again and fix its expiry,
 * swap. The build key exists from the start, before the caller takes its PostgreSQL
 * snapshot, so every update committed after the snapshot is also written into it
 * (board_touch.lua, user_touch.lua), and the batches never replace those newer values.
 * Only the build that started the build key swaps it in (its token in the owner key): a
 * builder that lost its lock (Redis flushed or failed over while it ran) neither fails on
 * a vanished build key nor swaps in one that another build has only half loaded.
 *
 * @param <R> the rows a build is made of
 */
public abstract sealed class KeyBuild<R> implements RowBuild<R> permits BoardBuild, UserBucketBuild {

	/** Rows per ZADD/HSET of a rebuild. */
	static final int BATCH = 1000;

	/** How long the owner key of an abandoned build lives. */
	private static final Duration OWNER_TTL = Duration.ofHours(1);

	private static final Logger log = LoggerFactory.getLogger(KeyBuild.class);

	private static final LuaScript SWAP = LuaScript.load("swap.lua", ScriptOutputType.INTEGER);

	private final RedisGuard guard;

	final Pipeline pipeline;

	private final String live;

	final String build;

	private final String old;

	/** Holds the token of the build that owns the build key (swap.lua). */
	private final String owner;

	private final String token = UUID.randomUUID().toString();

	private List<R> batch = new ArrayList<>(BATCH);

	private long rows;

	KeyBuild(RedisConnector connector, RedisGuard guard, String live, String build, String old) {
		this.guard = guard;
		this.pipeline = new Pipeline(guard, connector.bulk(), connector.bulkTimeout());
		this.live = live;
		this.build = build;
		this.old = old;
		this.owner = build + ":owner";
	}

	/**
	 * Step 1: an empty build key with its loaded marker and an expiry, and this build's
	 * token in the owner key.
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
		return List.of(redis().unlink(this.build), mark(), expireWhileBuilding(),
				redis().set(this.owner, this.token, SetArgs.Builder.px(OWNER_TTL.toMillis())));
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

	/** Steps 3 and 4: marks the build loaded and swaps it in. @return rows loaded */
	@Override
	public final long complete() {
		flush();
		this.pipeline.send(mark());
		this.pipeline.send(expireWhenLive());
		this.pipeline.drain();
		Long swapped = SWAP.runBulk(this.guard, redis(), new String[] { this.live, this.build, this.old, this.owner },
				this.token);
		if (swapped == null || swapped == 0) {
			// the build key is another build's now, or partial: that build, or the next
			// repair, loads the key (swap.lua)
			log.warn("Did not swap in {}: another build took it over, or Redis lost it while it was built", this.build);
		}
		return this.rows;
	}

	final RedisClusterAsyncCommands<String, String> redis() {
		return this.pipeline.redis();
	}

	/** Puts the loaded marker into the build key. */
	abstract RedisFuture<?> mark();

	/** How long an abandoned build key lives. */
	abstract RedisFuture<?> expireWhileBuilding();

	/** The expiry the key has once it is live. */
	abstract RedisFuture<?> expireWhenLive();

	/** Writes one batch of rows into the build key. */
	abstract Future<?> write(List<R> rows);

}
