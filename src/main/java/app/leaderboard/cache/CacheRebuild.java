package app.leaderboard.cache;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import app.leaderboard.period.PeriodInstance;
import app.leaderboard.period.Periods;
import app.leaderboard.postgres.ScoreStore;
import app.leaderboard.redis.RedisBoards;

/**
 * Rebuilds Redis from PostgreSQL without readers ever seeing a partial or empty board:
 * each board is streamed into a build key and swapped in atomically. Updates that commit
 * while a build runs may land on the old key and vanish with it, so afterwards every user
 * changed since the build began (with a safety margin) is written again. A Redis lock per
 * key keeps several instances from building the same board at once.
 */
@Service
public class CacheRebuild implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(CacheRebuild.class);

	/**
	 * How far before a build's snapshot changes are re-applied: longer than any update
	 * transaction can take between writing {@code changed_at} and committing.
	 */
	static final Duration REAPPLY_MARGIN = Duration.ofSeconds(60);

	private static final Duration LOCK_TTL = Duration.ofSeconds(30);

	private static final Duration LOCK_WAIT = Duration.ofMinutes(5);

	/**
	 * How long after a reset its board is built once more: longer than a request's Redis
	 * write can take, so an update that committed just before the reset but reached Redis
	 * just after it cannot leave its old total on the emptied board.
	 */
	static final Duration RESET_SETTLE = Duration.ofSeconds(5);

	private final ScheduledExecutorService settle = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "reset-settle");
		thread.setDaemon(true);
		return thread;
	});

	private final ScoreStore store;

	private final RedisBoards redis;

	private final Periods periods;

	private final Boards boards;

	private final Timer syncTimer;

	private final Timer boardTimer;

	private final Timer usersTimer;

	/**
	 * Builds per board since start: how tests (and operators, in the log) see stampedes.
	 */
	private final Map<String, LongAdder> builds = new ConcurrentHashMap<>();

	public CacheRebuild(ScoreStore store, RedisBoards redis, Periods periods, Boards boards, MeterRegistry registry) {
		this.store = store;
		this.boards = boards;
		this.redis = redis;
		this.periods = periods;
		this.syncTimer = Timer.builder("leaderboard.cache.sync")
			.description("Full syncs: every current board and the user cache rebuilt from PostgreSQL")
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

	/** Rebuilds every current board and the user cache (admin sync, CLI, start-up). */
	public SyncResult fullSync(LongConsumer progress) {
		long started = System.nanoTime();
		long members = 0;
		try {
			for (PeriodInstance instance : this.boards.current()) {
				members += rebuildBoard(instance, true, progress).orElse(0L);
			}
			long users = rebuildUsers(true, progress).orElse(0L);
			return new SyncResult(users, members, (System.nanoTime() - started) / 1_000_000);
		}
		finally {
			this.syncTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Rebuilds one board.
	 * @param wait wait for another builder to finish and then build anyway; otherwise
	 * return empty when someone else is building it
	 */
	public Optional<Long> rebuildBoard(PeriodInstance instance, boolean wait, LongConsumer progress) {
		return locked(this.redis.keys().boardLock(instance), wait, (lock) -> buildBoard(instance, lock, progress));
	}

	/** Rebuilds the user cache; see {@link #rebuildBoard}. */
	public Optional<Long> rebuildUsers(boolean wait, LongConsumer progress) {
		return locked(this.redis.keys().usersLock(), wait, (lock) -> buildUsers(lock, progress));
	}

	/**
	 * Empties one board in PostgreSQL and then rebuilds it, under the board's lock so
	 * that no rebuild running meanwhile can bring the old totals back.
	 */
	public int reset(PeriodInstance instance) {
		int reset = locked(this.redis.keys().boardLock(instance), true, (lock) -> {
			int removed = this.store.reset(instance);
			buildBoard(instance, lock, (n) -> {
			});
			log.info("Reset the {} board: {} users back to 0", instance.id(), removed);
			this.settle.schedule(() -> settle(instance), RESET_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
			return (long) removed;
		}).orElse(0L).intValue();
		// the region and organisation boards of the period lost their rows with it
		for (PeriodInstance scoped : this.boards.scoped(instance)) {
			rebuildBoard(scoped, true, (n) -> {
			});
			this.settle.schedule(() -> settle(scoped), RESET_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
		}
		return reset;
	}

	private void settle(PeriodInstance instance) {
		try {
			rebuildBoard(instance, true, (n) -> {
			});
		}
		catch (RuntimeException ex) {
			// the drift check reports what is left; the next sync repairs it
			log.warn("Could not rebuild the {} board after its reset: {}", instance.id(), ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.settle.shutdownNow();
	}

	/** How many times this process has built the board (rebuilds, loads and resets). */
	public long builds(PeriodInstance instance) {
		LongAdder count = this.builds.get(instance.id());
		return (count != null) ? count.sum() : 0;
	}

	private long buildBoard(PeriodInstance instance, Lock lock, LongConsumer progress) {
		this.builds.computeIfAbsent(instance.id(), (id) -> new LongAdder()).increment();
		return this.boardTimer.record(() -> timedBuildBoard(instance, lock, progress));
	}

	private long timedBuildBoard(PeriodInstance instance, Lock lock, LongConsumer progress) {
		long started = System.nanoTime();
		Instant snapshot = this.store.databaseNow();
		RedisBoards.BoardBuild build = this.redis.boardBuild(instance);
		long[] rows = { 0 };
		this.store.streamBoard(instance, (row) -> {
			build.add(row);
			if (++rows[0] % 10_000 == 0) {
				lock.renew();
				progress.accept(10_000);
			}
		});
		long members = build.complete();
		progress.accept(rows[0] % 10_000);
		reapplyBoard(this.store.usersChangedSince(snapshot.minus(REAPPLY_MARGIN)), instance);
		log.info("Rebuilt the {} board in Redis: {} members in {} ms", instance.id(), members,
				(System.nanoTime() - started) / 1_000_000);
		return members;
	}

	private long buildUsers(Lock lock, LongConsumer progress) {
		return this.usersTimer.record(() -> timedBuildUsers(lock, progress));
	}

	private long timedBuildUsers(Lock lock, LongConsumer progress) {
		Instant snapshot = this.store.databaseNow();
		RedisBoards.UsersBuild build = this.redis.usersBuild();
		long[] rows = { 0 };
		this.store.streamUsers((user) -> {
			build.add(user.userId(), user.version(), user.updatedAt(), user.membership());
			if (++rows[0] % 10_000 == 0) {
				lock.renew();
				progress.accept(10_000);
			}
		});
		long users = build.complete();
		progress.accept(rows[0] % 10_000);
		reapply(this.store.usersChangedSince(snapshot.minus(REAPPLY_MARGIN)), List.of());
		return users;
	}

	/** Writes the given users' current state on the given boards (and the user cache). */
	public void reapply(Collection<String> userIds, Collection<PeriodInstance> instances) {
		List<String> all = List.copyOf(userIds);
		for (int from = 0; from < all.size(); from += 1000) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + 1000));
			this.redis.apply(this.store.usersScores(chunk, instances), true);
		}
	}

	/**
	 * Writes the given users' state on one board: on it when they count there, off it
	 * otherwise (moved away or hidden while it was being built).
	 */
	void reapplyBoard(Collection<String> userIds, PeriodInstance board) {
		List<String> all = List.copyOf(userIds);
		for (int from = 0; from < all.size(); from += 1000) {
			List<String> chunk = all.subList(from, Math.min(all.size(), from + 1000));
			this.redis.applyBoard(this.store.usersScores(chunk, List.of(board.global())), board);
		}
	}

	private interface Work {

		long run(Lock lock);

	}

	/** A held Redis lock, kept alive while a long build runs. */
	private final class Lock {

		private final String key;

		private final String token;

		private long renewedAt = System.nanoTime();

		Lock(String key, String token) {
			this.key = key;
			this.token = token;
		}

		void renew() {
			if (System.nanoTime() - this.renewedAt > LOCK_TTL.toNanos() / 3) {
				CacheRebuild.this.redis.renewLock(this.key, this.token, LOCK_TTL);
				this.renewedAt = System.nanoTime();
			}
		}

	}

	private Optional<Long> locked(String key, boolean wait, Work work) {
		long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
		Optional<String> token = this.redis.tryLock(key, LOCK_TTL);
		while (token.isEmpty() && wait && System.nanoTime() < deadline) {
			sleep(50);
			token = this.redis.tryLock(key, LOCK_TTL);
		}
		if (token.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(work.run(new Lock(key, token.get())));
		}
		finally {
			this.redis.unlock(key, token.get());
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
