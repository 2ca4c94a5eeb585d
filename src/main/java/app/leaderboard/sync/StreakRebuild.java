package app.leaderboard.sync;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.RebuildSnapshots;
import app.leaderboard.store.postgres.StreakQueries;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.board.RedisStreaks;

/**
 * Builds a scope's streak list of one day from PostgreSQL (docs/consistency.md,
 * "Streaks"): the rows into a build key, renamed over the list in one step, and then the
 * users changed since the build began written again, since the rename may have replaced
 * their own writes. Lists that a read finds missing (flushed, expired, a day that just
 * began) are loaded here in the background, once however many reads miss.
 */
@Component
public class StreakRebuild implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(StreakRebuild.class);

	private final Map<List<Object>, CompletableFuture<Void>> loading = new ConcurrentHashMap<>();

	private final ExecutorService executor = Executors.newSingleThreadExecutor((r) -> {
		Thread thread = new Thread(r, "streak-loader");
		thread.setDaemon(true);
		return thread;
	});

	private final StreakQueries queries;

	private final RedisStreaks redis;

	private final RebuildSnapshots snapshots;

	private final BoardQueries users;

	private final RedisBoardWrites writes;

	private final Periods periods;

	public StreakRebuild(StreakQueries queries, RedisStreaks redis, RebuildSnapshots snapshots, BoardQueries users,
			RedisBoardWrites writes, Periods periods) {
		this.queries = queries;
		this.redis = redis;
		this.snapshots = snapshots;
		this.users = users;
		this.writes = writes;
		this.periods = periods;
	}

	/**
	 * Rebuilds the scope's list of {@code day}.
	 * @return the users on it
	 */
	public long rebuild(Scope scope, LocalDate day) {
		long sinceVersion = this.queries.lastVersion();
		RebuildSnapshots.Snapshot snapshot = this.snapshots.snapshot();
		RedisStreaks.Build build = this.redis.build(scope, day, sinceVersion);
		this.queries.streamDay(scope, day, build::add);
		long members = build.swap();
		List<String> missed = this.snapshots.usersChangedAfter(snapshot, CacheRebuild.REAPPLY_MARGIN);
		for (int from = 0; from < missed.size(); from += 1000) {
			List<String> chunk = missed.subList(from, Math.min(missed.size(), from + 1000));
			this.writes.apply(this.users.usersScores(chunk, this.periods.currentAll().values()), true);
		}
		return members;
	}

	/** Rebuilds the lists a read of every scope uses today: yesterday's and today's. */
	public long rebuildAll(List<Scope> scopes) {
		LocalDate today = this.periods.today();
		long members = 0;
		for (Scope scope : scopes) {
			members += rebuild(scope, today.minusDays(1));
			members += rebuild(scope, today);
		}
		return members;
	}

	/**
	 * Loads the lists of the scope's list as of {@code today} in the background, unless a
	 * load of them runs already, and waits up to {@code wait} for it.
	 * @return whether it finished within the wait
	 */
	public boolean load(Scope scope, LocalDate today, Duration wait) {
		List<Object> key = List.of(scope, today);
		CompletableFuture<Void> created = new CompletableFuture<>();
		CompletableFuture<Void> running = this.loading.putIfAbsent(key, created);
		if (running == null) {
			running = created;
			this.executor.execute(() -> {
				try {
					rebuild(scope, today.minusDays(1));
					rebuild(scope, today);
					created.complete(null);
				}
				catch (RuntimeException ex) {
					log.warn("Could not load the streak list of {} as of {}: {}", scope, today, ex.getMessage());
					created.completeExceptionally(ex);
				}
				finally {
					this.loading.remove(key, created);
				}
			});
		}
		try {
			running.get(wait.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException | java.util.concurrent.ExecutionException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Every scope whose lists Redis serves: the global one first. */
	static List<Scope> withGlobal(List<Scope> scoped) {
		List<Scope> scopes = new ArrayList<>();
		scopes.add(Scope.GLOBAL);
		scopes.addAll(scoped);
		return scopes;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
