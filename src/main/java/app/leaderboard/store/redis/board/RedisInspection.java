package app.leaderboard.store.redis.board;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.connection.RedisMasters;

/**
 * What Redis holds, for maintenance, status and drift checks: whether a board or the user
 * cache is loaded, their sizes, samples, memory, and the clean-up of this service's own
 * keys.
 */
public class RedisInspection {

	/**
	 * Most commands one pipelined round trip sends: far below the connection's request
	 * queue (10,000 commands, shared by every caller of the connection). One round trip
	 * over every scoped board (1,000 organisations and 50 regions, 8 instances each, two
	 * commands per board) overflowed it, and every command of the connection failed
	 * ("Internal stack size exceeded"), so that the instance took Redis for down.
	 */
	static final int PIPELINE = 1_000;

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	private final RedisMasters masters;

	public RedisInspection(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.masters = new RedisMasters(connector, guard);
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	public boolean boardLoaded(PeriodInstance instance) {
		return this.guard.call(() -> this.guard
			.await(this.connector.interactive().zscore(this.keys.board(instance), BoardScore.LOADED)) != null);
	}

	/** The boards among these that are not loaded, in pipelined round trips. */
	public List<PeriodInstance> unloaded(List<PeriodInstance> boards) {
		List<PeriodInstance> unloaded = new ArrayList<>();
		chunks(boards, PIPELINE).forEach((chunk) -> unloaded.addAll(unloadedOf(chunk)));
		return unloaded;
	}

	private List<PeriodInstance> unloadedOf(List<PeriodInstance> boards) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.bulk();
			List<RedisFuture<Double>> markers = new ArrayList<>();
			for (PeriodInstance board : boards) {
				markers.add(redis.zscore(this.keys.board(board), BoardScore.LOADED));
			}
			this.guard.awaitAll(markers, this.connector.bulkTimeout());
			List<PeriodInstance> unloaded = new ArrayList<>();
			for (int i = 0; i < boards.size(); i++) {
				if (this.guard.await(markers.get(i)) == null) {
					unloaded.add(boards.get(i));
				}
			}
			return unloaded;
		});
	}

	/** Whether every bucket of the user cache is loaded. */
	public boolean usersLoaded() {
		return unloadedUserBuckets().isEmpty();
	}

	/**
	 * The user cache buckets without their loaded marker: flushed, lost with a master, or
	 * never built. The marker lives in the bucket's own hash, so it goes wherever the
	 * bucket's data goes.
	 */
	public Set<Integer> unloadedUserBuckets() {
		return this.guard.call(() -> {
			// the warm-up's question, on the maintenance connection (see JobLease)
			RedisClusterAsyncCommands<String, String> redis = this.connector.bulk();
			List<RedisFuture<Boolean>> markers = new ArrayList<>();
			for (int bucket = 0; bucket < RedisKeys.USER_BUCKETS; bucket++) {
				markers.add(redis.hexists(this.keys.usersBucket(bucket), BoardScore.LOADED));
			}
			this.guard.awaitAll(markers, this.connector.bulkTimeout());
			Set<Integer> unloaded = new TreeSet<>();
			for (int bucket = 0; bucket < RedisKeys.USER_BUCKETS; bucket++) {
				if (!this.guard.await(markers.get(bucket))) {
					unloaded.add(bucket);
				}
			}
			return unloaded;
		});
	}

	/** Members of a loaded board; empty when it is not loaded. */
	public OptionalLong boardMembers(PeriodInstance instance) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.interactive();
			RedisFuture<Double> marker = redis.zscore(this.keys.board(instance), BoardScore.LOADED);
			RedisFuture<Long> card = redis.zcard(this.keys.board(instance));
			this.guard.awaitAll(List.of(marker, card));
			return (this.guard.await(marker) == null) ? OptionalLong.empty()
					: OptionalLong.of(this.guard.await(card) - 1);
		});
	}

	/**
	 * Members of each of these boards, empty for one not loaded, in pipelined round trips
	 * (the drift check's count of every region and organisation board).
	 */
	public Map<PeriodInstance, OptionalLong> boardMembers(List<PeriodInstance> boards) {
		Map<PeriodInstance, OptionalLong> members = new HashMap<>();
		chunks(boards, PIPELINE / 2).forEach((chunk) -> members.putAll(boardMembersOf(chunk)));
		return members;
	}

	private Map<PeriodInstance, OptionalLong> boardMembersOf(List<PeriodInstance> boards) {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.bulk();
			List<RedisFuture<?>> replies = new ArrayList<>();
			for (PeriodInstance board : boards) {
				replies.add(redis.zscore(this.keys.board(board), BoardScore.LOADED));
				replies.add(redis.zcard(this.keys.board(board)));
			}
			this.guard.awaitAll(replies, this.connector.bulkTimeout());
			Map<PeriodInstance, OptionalLong> members = new HashMap<>();
			for (int i = 0; i < boards.size(); i++) {
				boolean loaded = this.guard.await(replies.get(2 * i)) != null;
				members.put(boards.get(i), loaded ? OptionalLong.of((Long) this.guard.await(replies.get(2 * i + 1)) - 1)
						: OptionalLong.empty());
			}
			return members;
		});
	}

	/** Users in the user cache, over all buckets. */
	public long cachedUsers() {
		return this.guard.call(() -> {
			RedisClusterAsyncCommands<String, String> redis = this.connector.interactive();
			List<RedisFuture<?>> replies = new ArrayList<>();
			for (int bucket = 0; bucket < RedisKeys.USER_BUCKETS; bucket++) {
				replies.add(redis.hlen(this.keys.usersBucket(bucket)));
				replies.add(redis.hexists(this.keys.usersBucket(bucket), BoardScore.LOADED));
			}
			this.guard.awaitAll(replies);
			long users = 0;
			for (int i = 0; i < replies.size(); i += 2) {
				users += (Long) this.guard.await(replies.get(i))
						- (((Boolean) this.guard.await(replies.get(i + 1))) ? 1 : 0);
			}
			return users;
		});
	}

	/**
	 * Up to {@code count} random members of a board with their totals (drift samples).
	 */
	public Map<String, Long> sample(PeriodInstance instance, int count) {
		return this.guard.call(() -> {
			Map<String, Long> sample = new HashMap<>();
			// the maintenance connection may be busy with a rebuild's batches: its
			// timeout
			for (ScoredValue<String> value : this.guard
				.awaitBulk(this.connector.bulk().zrandmemberWithScores(this.keys.board(instance), count))) {
				if (!BoardScore.LOADED.equals(value.getValue())) {
					sample.put(value.getValue(), BoardScore.total(value.getScore()));
				}
			}
			return sample;
		});
	}

	/** Totals of the given users on a board (users not on it are absent). */
	public Map<String, Long> totals(PeriodInstance instance, List<String> userIds) {
		return this.guard.call(() -> {
			Map<String, Long> totals = new HashMap<>();
			if (userIds.isEmpty()) {
				return totals;
			}
			List<Double> scores = this.guard
				.awaitBulk(this.connector.bulk().zmscore(this.keys.board(instance), userIds.toArray(String[]::new)));
			for (int i = 0; i < userIds.size(); i++) {
				if (scores.get(i) != null) {
					totals.put(userIds.get(i), BoardScore.total(scores.get(i)));
				}
			}
			return totals;
		});
	}

	/**
	 * Which of the given users each of these boards holds, leaving out the boards Redis
	 * does not have: two pipelined round trips (EXISTS on every board, ZMSCORE on those
	 * that exist), so that asking about many boards that were never used costs little.
	 */
	public Map<PeriodInstance, Set<String>> holding(List<PeriodInstance> boards, List<String> userIds) {
		Map<PeriodInstance, Set<String>> holding = new LinkedHashMap<>();
		chunks(boards, PIPELINE).forEach((chunk) -> holding.putAll(holdingOf(chunk, userIds)));
		return holding;
	}

	private Map<PeriodInstance, Set<String>> holdingOf(List<PeriodInstance> boards, List<String> userIds) {
		return this.guard.call(() -> {
			Map<PeriodInstance, Set<String>> holding = new LinkedHashMap<>();
			if (userIds.isEmpty()) {
				return holding;
			}
			RedisClusterAsyncCommands<String, String> redis = this.connector.bulk();
			List<RedisFuture<Long>> exists = new ArrayList<>();
			for (PeriodInstance board : boards) {
				exists.add(redis.exists(this.keys.board(board)));
			}
			this.guard.awaitAll(exists, this.connector.bulkTimeout());
			Map<PeriodInstance, RedisFuture<List<Double>>> scores = new LinkedHashMap<>();
			for (int i = 0; i < boards.size(); i++) {
				if (this.guard.await(exists.get(i)) > 0) {
					scores.put(boards.get(i),
							redis.zmscore(this.keys.board(boards.get(i)), userIds.toArray(String[]::new)));
				}
			}
			this.guard.awaitAll(List.copyOf(scores.values()), this.connector.bulkTimeout());
			scores.forEach((board, reply) -> {
				List<Double> found = this.guard.await(reply);
				Set<String> users = new TreeSet<>();
				for (int i = 0; i < userIds.size(); i++) {
					if (found.get(i) != null) {
						users.add(userIds.get(i));
					}
				}
				holding.put(board, users);
			});
			return holding;
		});
	}

	/** {@code list} in consecutive pieces of at most {@code size}. */
	static <T> List<List<T>> chunks(List<T> list, int size) {
		List<List<T>> chunks = new ArrayList<>();
		for (int from = 0; from < list.size(); from += size) {
			chunks.add(list.subList(from, Math.min(list.size(), from + size)));
		}
		return chunks;
	}

	/** Memory Redis uses (summed over a cluster's masters). */
	public long usedMemory() {
		return this.guard.call(this.masters::usedMemory);
	}

	/**
	 * Deletes every key under this service's prefix (SCAN + UNLINK on each master, never
	 * FLUSHDB).
	 */
	public long deleteOwnKeys() {
		return this.guard.call(() -> this.masters.deleteMatching(this.keys.ownKeysPattern()));
	}

}
