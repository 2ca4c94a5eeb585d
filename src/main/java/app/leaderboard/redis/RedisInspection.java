package app.leaderboard.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.async.RedisAsyncCommands;

import app.leaderboard.period.PeriodInstance;

/**
 * What Redis holds, for maintenance, status and drift checks: whether a board or the user
 * cache is loaded, their sizes, samples, memory, and the clean-up of this service's own
 * keys.
 */
public class RedisInspection {

	private final RedisConnector connector;

	private final RedisGuard guard;

	private final RedisKeys keys;

	public RedisInspection(RedisConnector connector, RedisGuard guard, RedisKeys keys) {
		this.connector = connector;
		this.guard = guard;
		this.keys = keys;
	}

	public boolean boardLoaded(PeriodInstance instance) {
		return this.guard.call(() -> this.guard
			.await(this.connector.interactive().zscore(this.keys.board(instance), BoardScore.LOADED)) != null);
	}

	/** The boards among these that are not loaded, in one pipelined round trip. */
	public List<PeriodInstance> unloaded(List<PeriodInstance> boards) {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.bulk();
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

	public boolean usersLoaded() {
		return this.guard
			.call(() -> this.guard.await(this.connector.interactive().hexists(this.keys.users(), BoardScore.LOADED)));
	}

	/** Members of a loaded board; empty when it is not loaded. */
	public OptionalLong boardMembers(PeriodInstance instance) {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.interactive();
			RedisFuture<Double> marker = redis.zscore(this.keys.board(instance), BoardScore.LOADED);
			RedisFuture<Long> card = redis.zcard(this.keys.board(instance));
			this.guard.awaitAll(List.of(marker, card));
			return (this.guard.await(marker) == null) ? OptionalLong.empty()
					: OptionalLong.of(this.guard.await(card) - 1);
		});
	}

	public long cachedUsers() {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.interactive();
			RedisFuture<Long> size = redis.hlen(this.keys.users());
			RedisFuture<Boolean> marker = redis.hexists(this.keys.users(), BoardScore.LOADED);
			this.guard.awaitAll(List.of(size, marker));
			return this.guard.await(size) - (this.guard.await(marker) ? 1 : 0);
		});
	}

	/**
	 * Up to {@code count} random members of a board with their totals (drift samples).
	 */
	public Map<String, Long> sample(PeriodInstance instance, int count) {
		return this.guard.call(() -> {
			Map<String, Long> sample = new HashMap<>();
			for (ScoredValue<String> value : this.guard
				.await(this.connector.bulk().zrandmemberWithScores(this.keys.board(instance), count))) {
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
				.await(this.connector.bulk().zmscore(this.keys.board(instance), userIds.toArray(String[]::new)));
			for (int i = 0; i < userIds.size(); i++) {
				if (scores.get(i) != null) {
					totals.put(userIds.get(i), BoardScore.total(scores.get(i)));
				}
			}
			return totals;
		});
	}

	public long usedMemory() {
		return this.guard.call(() -> {
			String info = this.guard.await(this.connector.interactive().info("memory"));
			return info.lines()
				.filter((line) -> line.startsWith("used_memory:"))
				.mapToLong((line) -> Long.parseLong(line.substring("used_memory:".length()).trim()))
				.findFirst()
				.orElse(0);
		});
	}

	/** Deletes every key under this service's prefix (SCAN + UNLINK, never FLUSHDB). */
	public long deleteOwnKeys() {
		return this.guard.call(() -> {
			RedisAsyncCommands<String, String> redis = this.connector.bulk();
			ScanArgs match = ScanArgs.Builder.matches(this.keys.ownKeysPattern()).limit(1000);
			ScanCursor cursor = ScanCursor.INITIAL;
			long deleted = 0;
			do {
				KeyScanCursor<String> page = this.guard.await(redis.scan(cursor, match));
				if (!page.getKeys().isEmpty()) {
					deleted += this.guard.await(redis.unlink(page.getKeys().toArray(String[]::new)));
				}
				cursor = page;
			}
			while (!cursor.isFinished());
			return deleted;
		});
	}

}
