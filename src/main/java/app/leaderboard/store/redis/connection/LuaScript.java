package app.leaderboard.store.redis.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

/**
 * A Lua script from {@code src/main/resources/redis}, run by its SHA. A Redis that was
 * restarted or flushed has forgotten it; then it is sent once in full.
 */
public final class LuaScript {

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

	public static LuaScript load(String name, ScriptOutputType output) {
		return new LuaScript(read(name), output);
	}

	/**
	 * A script with a library of {@code src/main/resources/redis/lib} put in front of it:
	 * Redis runs a script as one text, with nothing to import, so what several scripts
	 * share (the board checksum, lib/checksum.lua) is written once and joined here.
	 */
	public static LuaScript load(String name, ScriptOutputType output, String library) {
		return new LuaScript(read("lib/" + library) + "\n" + read(name), output);
	}

	private static String read(String name) {
		try (InputStream in = LuaScript.class.getResourceAsStream("/redis/" + name)) {
			if (in == null) {
				throw new IllegalStateException("Missing Lua script " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public <T> RedisFuture<T> start(RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
		return redis.evalsha(this.sha, this.output, keys, args);
	}

	/**
	 * Starts the script by its SHA for a pipeline: where the node that runs it answers
	 * NOSCRIPT (restarted, flushed, or a replica promoted since), the same command is
	 * sent once in full to that node, which then keeps it. Never a SCRIPT LOAD first: on
	 * a cluster Lettuce sends that to every node the topology lists, a killed master
	 * included, and fails while that node is down: a board build that loaded its script
	 * first could not run after a master was killed (ClusterFailoverIntegrationTests).
	 */
	public <T> CompletableFuture<T> send(RedisClusterAsyncCommands<String, String> redis, String[] keys,
			String... args) {
		RedisFuture<T> bySha = start(redis, keys, args);
		return bySha.toCompletableFuture().exceptionallyCompose((ex) -> {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof RedisNoScriptException) {
				RedisFuture<T> inFull = redis.eval(this.source, this.output, keys, args);
				return inFull.toCompletableFuture();
			}
			return CompletableFuture.failedFuture(cause);
		});
	}

	/** Runs the script and waits; falls back to EVAL when Redis lost its script cache. */
	public <T> T run(RedisGuard guard, RedisClusterAsyncCommands<String, String> redis, String[] keys, String... args) {
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
	public <T> T runBulk(RedisGuard guard, RedisClusterAsyncCommands<String, String> redis, String[] keys,
			String... args) {
		try {
			return guard.awaitBulk(start(redis, keys, args));
		}
		catch (RedisNoScriptException ex) {
			return guard.awaitBulk(redis.eval(this.source, this.output, keys, args));
		}
	}

}
