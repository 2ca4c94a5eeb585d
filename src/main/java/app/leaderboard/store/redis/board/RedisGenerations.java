package app.leaderboard.store.redis.board;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The generations a page of a board depends on (read.NearCache): the board's own, deleted
 * by every script that changes the live board in the same atomic step, and the names'
 * generation. Only writers make them, each time with a new random value: a board's after
 * the writer's scripts changed it (generation.lua, while the board is loaded) and after a
 * rebuild swapped it in, the names' when a name changed in the user cache or a bucket of
 * it was rebuilt. A read only looks them up, in one {@code MGET}, and never writes: a
 * missing one means the page is read as if there were no near cache. A page read after
 * both were read shows at least what they stand for, so it may be served for as long as
 * both stand.
 */
public class RedisGenerations {

	private static final LuaScript GENERATION = LuaScript.load("generation.lua", ScriptOutputType.VALUE);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	public RedisGenerations(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	/**
	 * The board's and the names' generations as one value, in one command, which writes
	 * nothing; null when either does not exist (not made since Redis lost it, or the
	 * board changed and no writer made a new one yet): then nothing may be kept or
	 * served.
	 * @throws app.leaderboard.store.redis.connection.RedisUnavailableException when Redis
	 * cannot answer
	 */
	public @Nullable String read(PeriodInstance board) {
		return this.guard.call(() -> {
			List<KeyValue<String, String>> values = this.guard.await(
					this.connector.interactive().mget(this.keys.boardGeneration(board), this.keys.namesGeneration()));
			if (!values.get(0).hasValue() || !values.get(1).hasValue()) {
				return null;
			}
			return values.get(0).getValue() + "/" + values.get(1).getValue();
		});
	}

	/**
	 * Makes the board's generation when it is missing and the board is loaded, with a new
	 * random value and the board's time to live; sent by a writer after the scripts that
	 * changed the board, on the same connection, so Redis runs it after them.
	 */
	CompletableFuture<String> make(RedisClusterAsyncCommands<String, String> redis, PeriodInstance board,
			Duration ttl) {
		return GENERATION.send(redis, new String[] { this.keys.boardGeneration(board), this.keys.board(board) },
				fresh(), Long.toString(Math.max(1, ttl.toMillis())));
	}

	/** {@link #make}, awaited: after a rebuild swapped the board in (bulk connection). */
	public void make(PeriodInstance board, Duration ttl) {
		this.guard
			.call(() -> RedisGuard.awaitWithin(make(this.connector.bulk(), board, ttl), this.connector.bulkTimeout()));
	}

	/**
	 * A value no generation had: 96 random bits. Random rather than counted, so that a
	 * generation Redis lost (a flush, a restart without its data, an eviction) and that
	 * is made again cannot come back to a value a page was kept under, and no clock
	 * matters.
	 */
	static String fresh() {
		byte[] bits = new byte[12];
		RANDOM.nextBytes(bits);
		return ENCODER.encodeToString(bits);
	}

	/**
	 * Gives the names a new generation; the caller awaits the reply. Send it only once
	 * the user cache holds the new names: a page read before the reply may show the old
	 * ones, and is kept under the old generation, which is gone then.
	 */
	RedisFuture<String> namesChanged(RedisClusterAsyncCommands<String, String> redis) {
		return redis.set(this.keys.namesGeneration(), fresh());
	}

	/** {@link #namesChanged}, awaited (after a rebuild of user cache buckets). */
	public void namesChanged() {
		this.guard
			.call(() -> RedisGuard.awaitWithin(namesChanged(this.connector.bulk()), this.connector.bulkTimeout()));
	}

}
