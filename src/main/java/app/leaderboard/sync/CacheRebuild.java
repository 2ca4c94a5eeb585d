package app.leaderboard.sync;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.ArrayList;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.RebuildSnapshots;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.build.RedisBuilds;
import app.leaderboard.store.redis.build.RowBuild;
import app.leaderboard.store.redis.build.ScoreOrderedBuild;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.coordination.Held;
import app.leaderboard.store.redis.coordination.RedisLocks;

/**
 * Rebuilds Redis from PostgreSQL without readers ever seeing a partial or empty board:
 * each board is streamed into a build key and swapped in atomically. Updates that commit
 * while a build runs may land on the old key and vanish with it, so afterwards every user
 * changed since the build began (with a safety margin) is written again. A Redis lock per
 * key keeps several instances from building the same board at once (docs/consistency.md).
 */
@Service
public class CacheRebuild {

	private static final Logger log = LoggerFactory.getLogger(CacheRebuild.class);

	/**
	 * How far before a build's snapshot changes are re-applied: longer than any update
	 * transaction can take between writing {@code changed_at} and committing. Of those,
	 * only the rows of transactions the snapshot may not have seen are re-applied, so a
	 * bulk load just before a sync is not applied twice.
	 */
	static final Duration REAPPLY_MARGIN = Duration.ofSeconds(60);

	/** Builds a full sync runs at once. */
	static final int SYNC_BUILDERS = 2;

	/** Rows between progress reports. */
	private static final int REPORT_EVERY = 10_000;

	private final RebuildSnapshots snapshots;

	private final BoardQueries queries;

	private final RedisBuilds builds;

	private final RedisBoardWrites writes;

	private final RedisLocks locks;

	private final RedisKeys keys;

	private final Periods periods;

	private final Boards boards;

	private final BoardReapply boardReapply;

	private final StreakRebuild streaks;

	private final Timer syncTimer;

	private final Timer boardTimer;

	private final Timer usersTimer;

	/**
	 * Builds per board since start: how tests (and operators, in the log) see stampedes.
	 */
	private final Map<String, LongAdder> boardBuilds = new ConcurrentHashMap<>();

	public CacheRebuild(RebuildSnapshots snapshots, BoardQueries queries, RedisBuilds builds, RedisBoardWrites writes,
			RedisLocks locks, RedisKeys keys, Periods periods, Boards boards, BoardReapply boardReapply,
			MeterRegistry registry, StreakRebuild streaks) {
		this.streaks = streaks;
		this.snapshots = snapshots;
		this.queries = queries;
		this.builds = builds;
		this.writes = writes;
		this.locks = locks;
		this.keys = keys;
		this.boards = boards;
		this.boardReapply = boardReapply;
		this.periods = periods;
		this.syncTimer = Timer.builder("leaderboard.cache.sync")
			.description("Full syncs: every board Redis serves and the user cache rebuilt from PostgreSQL")
			.register(registry);
		this.boardTimer = rebuildTimer(registry, "board");
		this.usersTimer = rebuildTimer(registry, "users");
	}

	private static Timer rebuildTimer(MeterRegistry registry, String target) {
		return Timer.builder("leaderboard.cache.rebuild")
			.description("Rebuilds of one board or of the user cache, swap and re-apply included")
			.tag("target", target)
			.register(registry);
	}

	/** What a full sync did. */
	public record SyncResult(long usersSynced, long boardMembers, long durationMs) {
	}

	/**
	 * Rebuilds every board Redis serves, the ones that just ended too
	 * ({@link Boards#served}), and the user cache (the admin sync and the CLI's
	 * {@code cache init} and {@code cache refresh}). At start-up the service only loads
	 * what Redis is missing ({@link CacheMaintenance#warm()}).
	 * <p>
	 * {@value #SYNC_BUILDERS} builds run at once, each on its own PostgreSQL connection
	 * with its own pipeline: Redis applies the batches on one thread, and a single build
	 * leaves it idle while it waits for its next rows from PostgreSQL. The largest go
	 * first (the user cache, then the longest periods), so that no large build starts
	 * last and runs alone.
	 */
	public SyncResult fullSync(LongConsumer progress) {
		long started = System.nanoTime();
		LongConsumer shared = (n) -> {
			synchronized (progress) {
				progress.accept(n);
			}
		};
		List<PeriodInstance> boards = new ArrayList<>(this.boards.served());
		boards.sort(Comparator.comparing(PeriodInstance::period).reversed());
		ExecutorService builders = Executors.newFixedThreadPool(SYNC_BUILDERS, (task) -> {
			Thread thread = new Thread(task, "cache-sync");
			thread.setDaemon(true);
			return thread;
		});
		try {
			Future<Long> users = builders.submit(() -> rebuildUsers(true, shared).orElse(0L));
			List<Future<Long>> members = new ArrayList<>();
			for (PeriodInstance instance : boards) {
				members.add(builders.submit(() -> rebuildBoard(instance, true, shared).orElse(0L)));
			}
			long synced = awaitAll(List.of(users)).get(0);
			long loaded = awaitAll(members).stream().mapToLong(Long::longValue).sum();
			this.streaks.rebuildAll(StreakRebuild.withGlobal(this.boards.scopes()));
			return new SyncResult(synced, loaded, (System.nanoTime() - started) / 1_000_000);
		}
		finally {
			builders.shutdownNow();
			this.syncTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	/** Waits for every build, then rethrows the first failure. */
	private static List<Long> awaitAll(List<Future<Long>> builds) {
		List<Long> results = new ArrayList<>();
		RuntimeException failure = null;
		for (Future<Long> build : builds) {
			try {
				results.add(build.get());
			}
			catch (ExecutionException ex) {
				if (failure == null) {
					failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(ex.getCause());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the sync's builds", ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
		return results;
	}

	/**
	 * Rebuilds one board.
	 * @param wait wait for another builder to finish and then build anyway; otherwise
	 * return empty when someone else is building it
	 */
	public Optional<Long> rebuildBoard(PeriodInstance instance, boolean wait, LongConsumer progress) {
		return this.locks.withLock(this.keys.boardLock(instance), wait, (lock) -> buildBoard(instance, lock, progress));
	}

	/**
	 * Builds one board unless another builder holds its lock (then empty) or, once the
	 * lock is held, {@code wanted} says it is no longer needed (then 0 members).
	 */
	public Optional<Long> rebuildBoardIf(PeriodInstance instance, BooleanSupplier wanted) {
		return this.locks.withLock(this.keys.boardLock(instance), false,
				(lock) -> wanted.getAsBoolean() ? buildBoard(instance, lock, (n) -> {
				}) : 0L);
	}

	/** Rebuilds the user cache, every bucket; see {@link #rebuildBoard}. */
	public Optional<Long> rebuildUsers(boolean wait, LongConsumer progress) {
		Set<Integer> all = new TreeSet<>();
		for (int bucket = 0; bucket < RedisKeys.USER_BUCKETS; bucket++) {
			all.add(bucket);
		}
		return rebuildUserBuckets(all, wait, progress);
	}

	/**
	 * Rebuilds the given buckets of the user cache (those a flushed or failed-over master
	 * lost); the others are left as they are.
	 */
	public Optional<Long> rebuildUserBuckets(Set<Integer> buckets, boolean wait, LongConsumer progress) {
		return this.locks.withLock(this.keys.usersLock(), wait, (lock) -> buildUsers(buckets, lock, progress));
	}

	/** How many times this process has built the board (rebuilds, loads and resets). */
	public long builds(PeriodInstance instance) {
		LongAdder count = this.boardBuilds.get(instance.id());
		return (count != null) ? count.sum() : 0;
	}

	/** Builds a board under a lock the caller holds (a reset holds it longer). */
	long buildBoard(PeriodInstance instance, Held lock, LongConsumer progress) {
		this.boardBuilds.computeIfAbsent(instance.id(), (id) -> new LongAdder()).increment();
		return this.boardTimer.record(() -> {
			long started = System.nanoTime();
			RebuildSnapshots.Snapshot snapshot = this.snapshots.snapshot();
			long members = load(new ScoreOrderedBuild(this.builds.boardBuild(instance), instance),
					(sink) -> this.snapshots.streamBoard(instance, sink), lock, progress);
			List<String> missed = this.snapshots.usersChangedAfter(snapshot, REAPPLY_MARGIN);
			this.boardReapply.reapply(missed, instance);
			log.info("Rebuilt the {} board in Redis: {} members in {} ms, {} re-applied", instance.id(), members,
					(System.nanoTime() - started) / 1_000_000, missed.size());
			return members;
		});
	}

	private long buildUsers(Set<Integer> buckets, Held lock, LongConsumer progress) {
		return this.usersTimer.record(() -> {
			long started = System.nanoTime();
			RebuildSnapshots.Snapshot snapshot = this.snapshots.snapshot();
			long users = load(this.builds.usersBuild(buckets), this.snapshots::streamUsers, lock, progress);
			List<String> missed = this.snapshots.usersChangedAfter(snapshot, REAPPLY_MARGIN);
			reapply(missed, List.of());
			log.info("Rebuilt {} buckets of the user cache in Redis: {} users in {} ms, {} re-applied", buckets.size(),
					users, (System.nanoTime() - started) / 1_000_000, missed.size());
			return users;
		});
	}

	/**
	 * Streams rows into a build and swaps it in. A load whose lock was lost stops at its
	 * next row; what it sent meanwhile is refused.
	 */
	private static <R> long load(RowBuild<R> build, Consumer<Consumer<R>> source, Held lock, LongConsumer progress) {
		lock.keepAlive(build::keepAlive);
		long[] rows = { 0 };
		source.accept((row) -> {
			lock.ensureHeld();
			build.add(row);
			if (++rows[0] % REPORT_EVERY == 0) {
				progress.accept(REPORT_EVERY);
			}
		});
		long loaded = build.complete();
		progress.accept(rows[0] % REPORT_EVERY);
		return loaded;
	}

	/** Writes the given users' current state on the given boards (and the user cache). */
	public void reapply(Collection<String> userIds, Collection<PeriodInstance> instances) {
		List<String> all = List.copyOf(userIds);
		for (int from = 0; from < all.size(); from += 1000) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + 1000));
			this.writes.apply(this.queries.usersScores(chunk, instances), true);
		}
	}

}
