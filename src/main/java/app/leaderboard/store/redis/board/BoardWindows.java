package app.leaderboard.store.redis.board;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.stereotype.Component;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * Reads of a board relative to users: the window around one user and the standings of a
 * list of users (friends). Each is one Lua script on the board's key, so one round trip
 * whatever the radius or the number of users; a friends read pipelines an {@code HMGET}
 * of the user cache with it (another hash slot, so not in the script) to tell known users
 * without a score from unknown ones.
 */
@Component
public class BoardWindows {

	private static final LuaScript AROUND = LuaScript.load("around.lua", ScriptOutputType.MULTI);

	private static final LuaScript STANDINGS = LuaScript.load("standings.lua", ScriptOutputType.MULTI);

	private static final String SPAN = Long.toString(BoardScore.TIE_SPAN);

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	public BoardWindows(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	/**
	 * A user's window: {@code members} on the board, the user's total and the users above
	 * it (no total when the user is not on the board), the position (0-based) of the
	 * window's first entry and the users above that entry's total.
	 */
	public record Window(long members, Long total, long above, long first, long firstAbove,
			List<RedisBoardReads.Member> entries) {
	}

	/** The window around a user, or empty when the board is not loaded in Redis. */
	public Optional<Window> around(PeriodInstance instance, String userId, int radius) {
		return this.guard.call(() -> {
			List<Object> reply = AROUND.run(this.guard, this.connector.interactive(),
					new String[] { this.keys.board(instance) }, userId, Integer.toString(radius), SPAN);
			if (((Long) reply.get(0)) == 0) {
				return Optional.empty();
			}
			long members = (Long) reply.get(1);
			if (reply.size() < 3) {
				return Optional.of(new Window(members, null, 0, 0, 0, List.of()));
			}
			long total = BoardScore.total(Double.parseDouble((String) reply.get(2)));
			return Optional.of(new Window(members, total, (Long) reply.get(3), (Long) reply.get(4), (Long) reply.get(5),
					members((List<?>) reply.get(6))));
		});
	}

	/**
	 * A user on the board: its total, its sorted-set score (board order: ascending, then
	 * the user id) and the number of users above its total.
	 */
	public record Standing(String userId, long total, double score, long above) {
	}

	/**
	 * The users' standings ({@code onBoard}, in the order asked), which of the others the
	 * user cache knows as members of the board's scope without a score, and which it
	 * knows as off this board altogether: hidden (on no board) or in another scope.
	 */
	public record Standings(List<Standing> onBoard, Set<String> cachedWithoutScore, Set<String> cachedOffBoard) {
	}

	/**
	 * Standings of distinct users, or empty when the board is not loaded. One round trip:
	 * the script and the user cache lookup are pipelined.
	 */
	public Optional<Standings> standings(PeriodInstance instance, List<String> userIds) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.interactive();
			String[] keys = { this.keys.board(instance) };
			String[] args = new String[userIds.size() + 1];
			args[0] = SPAN;
			for (int i = 0; i < userIds.size(); i++) {
				args[i + 1] = userIds.get(i);
			}
			RedisFuture<List<Object>> script = STANDINGS.start(redis, keys, args);
			// one HMGET per user cache bucket (each its own slot), pipelined with the
			// script
			Map<String, List<String>> byBucket = new HashMap<>();
			for (String userId : userIds) {
				byBucket.computeIfAbsent(this.keys.users(userId), (key) -> new ArrayList<>()).add(userId);
			}
			List<RedisFuture<List<KeyValue<String, String>>>> cached = new ArrayList<>();
			byBucket.forEach((bucket, ids) -> cached.add(redis.hmget(bucket, ids.toArray(String[]::new))));
			List<RedisFuture<?>> all = new ArrayList<>(cached);
			all.add(script);
			List<Object> reply;
			try {
				this.guard.awaitAll(all);
				reply = this.guard.await(script);
			}
			catch (RedisNoScriptException ex) {
				// a restarted or flushed Redis forgot the script: send it once in full
				reply = STANDINGS.run(this.guard, redis, keys, args);
			}
			if (((Long) reply.get(0)) == 0) {
				return Optional.empty();
			}
			List<?> items = (List<?>) reply.get(1);
			List<Standing> onBoard = new ArrayList<>();
			Set<String> scored = new HashSet<>();
			for (int i = 0; i + 2 < items.size(); i += 3) {
				String userId = (String) items.get(i);
				scored.add(userId);
				double score = Double.parseDouble((String) items.get(i + 1));
				onBoard.add(new Standing(userId, BoardScore.total(score), score, (Long) items.get(i + 2)));
			}
			Set<String> known = new HashSet<>();
			Set<String> offBoard = new HashSet<>();
			for (RedisFuture<List<KeyValue<String, String>>> bucket : cached) {
				for (KeyValue<String, String> value : this.guard.await(bucket)) {
					if (value.hasValue() && !scored.contains(value.getKey())) {
						boolean member = UserRecord.decode(value.getValue()).membership().member(instance.scope());
						(member ? known : offBoard).add(value.getKey());
					}
				}
			}
			return Optional.of(new Standings(onBoard, known, offBoard));
		});
	}

	private static List<RedisBoardReads.Member> members(List<?> items) {
		List<RedisBoardReads.Member> entries = new ArrayList<>(items.size() / 2);
		for (int i = 0; i + 1 < items.size(); i += 2) {
			String member = (String) items.get(i);
			if (!BoardScore.LOADED.equals(member)) {
				entries.add(new RedisBoardReads.Member(member,
						BoardScore.total(Double.parseDouble((String) items.get(i + 1)))));
			}
		}
		return entries;
	}

}
