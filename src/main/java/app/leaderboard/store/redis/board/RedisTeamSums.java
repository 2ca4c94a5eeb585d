package app.leaderboard.store.redis.board;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * The team reads: each region's or organisation's score and members on one period
 * instance, from the sum kept beside its board (board_sum.lua). One script per board, all
 * of them pipelined in one round trip: a listing costs Redis one call per team, whatever
 * the number of users, and on a Cluster each call stays in its board's slot.
 */
public class RedisTeamSums {

	private static final LuaScript SUM = LuaScript.load("board_sum.lua", ScriptOutputType.MULTI);

	private static final String SPAN = Long.toString(BoardScore.TIE_SPAN);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	public RedisTeamSums(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	/** A team's figures on one board: the sum of its totals, and how many are above 0. */
	public record Sum(long score, long members) {
	}

	/**
	 * The sums of these boards, each empty when its board is not loaded in Redis, in the
	 * order asked; a loaded board without a kept sum is summed once and keeps it.
	 */
	public Map<PeriodInstance, Optional<Sum>> sums(List<PeriodInstance> boards) {
		return sums(boards, true);
	}

	/**
	 * The sums kept beside these boards, each empty when the board is not loaded or keeps
	 * no sum (no listing read it since its last swap): the drift check's, which verifies
	 * the sums that exist and makes none.
	 */
	public Map<PeriodInstance, Optional<Sum>> keptSums(List<PeriodInstance> boards) {
		return sums(boards, false);
	}

	private Map<PeriodInstance, Optional<Sum>> sums(List<PeriodInstance> boards, boolean summing) {
		// in pieces: one round trip over every organisation board overflows the
		// connection's request queue (RedisInspection.PIPELINE)
		Map<PeriodInstance, Optional<Sum>> sums = new LinkedHashMap<>();
		RedisInspection.chunks(boards, RedisInspection.PIPELINE)
			.forEach((chunk) -> sums.putAll(sumsOf(chunk, summing)));
		return sums;
	}

	private Map<PeriodInstance, Optional<Sum>> sumsOf(List<PeriodInstance> boards, boolean summing) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.interactive();
			Map<PeriodInstance, CompletableFuture<List<Object>>> replies = new LinkedHashMap<>();
			for (PeriodInstance board : boards) {
				replies.put(board, SUM.send(redis, new String[] { this.keys.board(board), this.keys.boardSum(board) },
						SPAN, summing ? "1" : "0"));
			}
			this.guard.awaitAll(new ArrayList<>(replies.values()),
					this.connector.timeout().multipliedBy(Math.max(1, boards.size() / 2000 + 1)));
			Map<PeriodInstance, Optional<Sum>> sums = new LinkedHashMap<>();
			replies.forEach((board, reply) -> {
				List<Object> values = this.guard.await(reply);
				sums.put(board, (((Long) values.get(0)) != 1) ? Optional.empty()
						: Optional.of(new Sum((Long) values.get(1), (Long) values.get(2))));
			});
			return sums;
		});
	}

}
