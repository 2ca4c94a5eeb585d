package app.leaderboard.store.redis.board;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The boards' checksums as Redis keeps them beside each board (lib/checksum.lua), for the
 * start-up and drift checks (docs/consistency.md, "Checksums"): one short script per
 * board, pipelined, that reads the checksum and the board's size but never its members;
 * and, for a bucket that differs from PostgreSQL's, that bucket's sum with the scores of
 * the users PostgreSQL lists in it, in one atomic step. On the maintenance connection.
 */
public class RedisChecksums {

	private static final LuaScript CHECK = LuaScript.load("board_check.lua", ScriptOutputType.MULTI);

	private static final LuaScript MEMBERS = LuaScript.load("board_check_members.lua", ScriptOutputType.MULTI);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	public RedisChecksums(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	/**
	 * One board as the checks see it. {@code members} is the board's size (ZCARD less the
	 * marker), {@code counted} and {@code sum} what its checksum says (empty: the board
	 * has none), {@code buckets} each bucket's sum when asked for.
	 */
	public record Summary(boolean loaded, boolean building, long members, OptionalLong counted, long sum,
			Map<Integer, Long> buckets) {

		/** Whether the checksum counts every member the board holds. */
		public boolean selfConsistent() {
			return this.counted.isPresent() && this.counted.getAsLong() == this.members && (this.buckets.isEmpty()
					|| this.buckets.values().stream().mapToLong(Long::longValue).sum() == this.sum);
		}

	}

	/**
	 * The summaries of these boards, in one round trip; with the buckets' sums if asked.
	 */
	public Map<PeriodInstance, Summary> summaries(List<PeriodInstance> boards, boolean buckets) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.bulk();
			Map<PeriodInstance, CompletableFuture<List<Object>>> replies = new LinkedHashMap<>();
			for (PeriodInstance board : boards) {
				replies.put(board, CHECK.send(redis, new String[] { this.keys.board(board), this.keys.boardBuild(board),
						this.keys.boardCheck(board) }, buckets ? "1" : "0"));
			}
			this.guard.awaitAll(new ArrayList<>(replies.values()),
					this.connector.bulkTimeout().multipliedBy(Math.max(1, boards.size() / 2000 + 1)));
			Map<PeriodInstance, Summary> summaries = new LinkedHashMap<>();
			replies.forEach((board, reply) -> summaries.put(board, summary(this.guard.await(reply))));
			return summaries;
		});
	}

	private static Summary summary(List<Object> reply) {
		boolean loaded = (Long) reply.get(0) == 1;
		boolean building = (Long) reply.get(1) == 1;
		long members = Math.max(0, (Long) reply.get(2) - (loaded ? 1 : 0));
		if ((Long) reply.get(3) == 0) {
			return new Summary(loaded, building, members, OptionalLong.empty(), 0, Map.of());
		}
		// a bucket's two sums come under '17' and '17b' (checksum.lua); a check compares
		// them combined
		Map<Integer, Long> sumsA = new HashMap<>();
		Map<Integer, Long> sumsB = new HashMap<>();
		for (int i = 7; i + 1 < reply.size(); i += 2) {
			String field = text(reply.get(i));
			long value = Long.parseLong(text(reply.get(i + 1)));
			if (field.endsWith("b")) {
				sumsB.put(Integer.parseInt(field.substring(0, field.length() - 1)), value);
			}
			else {
				sumsA.put(Integer.parseInt(field), value);
			}
		}
		Map<Integer, Long> buckets = new HashMap<>();
		sumsA.forEach(
				(bucket, sumA) -> buckets.put(bucket, BoardChecksum.combine(sumA, sumsB.getOrDefault(bucket, 0L))));
		return new Summary(loaded, building, members, OptionalLong.of(Long.parseLong(text(reply.get(4)))),
				BoardChecksum.combine(Long.parseLong(text(reply.get(5))), Long.parseLong(text(reply.get(6)))), buckets);
	}

	private static long number(@Nullable Object value) {
		return (value == null) ? 0 : Long.parseLong(text(value));
	}

	private static String text(Object value) {
		return (value instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
	}

	/**
	 * A bucket's sum in Redis and the totals of the users asked about that are members.
	 */
	public record Bucket(long sum, Map<String, Long> totals) {
	}

	/** One bucket's sum and these users' totals on the board, in one atomic step. */
	public Bucket bucket(PeriodInstance board, int bucket, List<String> users) {
		return this.guard.call(() -> {
			String[] args = new String[users.size() + 1];
			args[0] = Integer.toString(bucket);
			for (int i = 0; i < users.size(); i++) {
				args[i + 1] = users.get(i);
			}
			List<Object> reply = RedisGuard.awaitWithin(
					MEMBERS.send(this.connector.bulk(),
							new String[] { this.keys.board(board), this.keys.boardCheck(board) }, args),
					this.connector.bulkTimeout());
			@SuppressWarnings("unchecked")
			List<Object> sums = (List<Object>) reply.get(0);
			@SuppressWarnings("unchecked")
			List<Object> scores = (List<Object>) reply.get(1);
			Map<String, Long> totals = new HashMap<>();
			for (int i = 0; i < users.size(); i++) {
				Object score = scores.get(i);
				if (score != null) {
					totals.put(users.get(i), BoardScore.total(Double.parseDouble(text(score))));
				}
			}
			return new Bucket(BoardChecksum.combine(number(sums.get(0)), number(sums.get(1))), totals);
		});
	}

}
