package app.leaderboard.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A Lua script from {@code src/main/resources/redis}, run by its SHA. A Redis that was
 * restarted or flushed has forgotten it; then it is sent once in full.
 */
final class LuaScript {

	private final String source;

	private final String sha;

	private final ScriptOutputType output;

	private LuaScript(String source, ScriptOutputType output) {
		this.source = source;
		this.output = output;
		try {
			this.sha = HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static LuaScript load(String name, ScriptOutputType output) {
		try (InputStream in = LuaScript.class.getResourceAsStream("/redis/" + name)) {
			if (in == null) {
				throw new IllegalStateException("Missing Lua script " + name);
			}
			return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8), output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	<T> RedisFuture<T> start(RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
		return redis.evalsha(this.sha, this.output, keys, args);
	}

	/**
	 * Sends the script in full (EVAL): for pipelined batches that must not depend on a
	 * SCRIPT LOAD reaching every node first (a cluster in failover may have a node down);
	 * the node that runs it caches it.
	 */
	<T> RedisFuture<T> startInFull(RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
		return redis.eval(this.source, this.output, keys, args);
	}

	/** Runs the script and waits; falls back to EVAL when Redis lost its script cache. */
	<T> T run(RedisGuard guard, RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
		try {
			return guard.await(start(redis, keys, args));
		}
		catch (RedisNoScriptException ex) {
			return guard.await(redis.eval(this.source, this.output, keys, args));
		}
	}

	/**
	 * {@link #run} on the maintenance connection, with its longer wait (locks, swaps).
	 */
	<T> T runBulk(RedisGuard guard, RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
		try {
			return guard.awaitBulk(start(redis, keys, args));
		}
		catch (RedisNoScriptException ex) {
			return guard.awaitBulk(redis.eval(this.source, this.output, keys, args));
		}
	}

	/** Makes sure Redis knows the script, so pipelined EVALSHAs do not fail. */
	void ensureLoaded(RedisGuard guard, RedisClusterAsyncCommands<String, String> redis) {
		guard.await(redis.scriptLoad(this.source));
	}

	/**
	 * {@link #ensureLoaded} with the maintenance connection's longer wait: on a cluster
	 * SCRIPT LOAD goes to every node.
	 */
	void ensureLoadedBulk(RedisGuard guard, RedisClusterAsyncCommands<String, String> redis) {
		guard.awaitBulk(redis.scriptLoad(this.source));
	}

}
