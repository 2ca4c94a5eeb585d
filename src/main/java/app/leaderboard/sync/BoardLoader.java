package app.leaderboard.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.coordination.RedisLocks;

/**
 * Loads cold boards (flushed, expired, or a period that just began) once, however many
 * requests miss at the same moment: one load per board in this process, and a Redis lock
 * across processes. Requests wait briefly for it and otherwise read PostgreSQL.
 */
@Component
public class BoardLoader implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BoardLoader.class);

	private static final Duration WAIT_FOR_OTHER_BUILDER = Duration.ofSeconds(30);

	private final Map<PeriodInstance, CompletableFuture<Void>> loading = new ConcurrentHashMap<>();

	private final ExecutorService executor = Executors.newFixedThreadPool(2, (r) -> {
		Thread thread = new Thread(r, "board-loader");
		thread.setDaemon(true);
		return thread;
	});

	private final RedisInspection redis;

	private final CacheRebuild rebuild;

	private final Boards boards;

	public BoardLoader(RedisInspection redis, CacheRebuild rebuild, Boards boards) {
		this.redis = redis;
		this.rebuild = rebuild;
		this.boards = boards;
	}

	/** Starts loading the board unless a load is already running; returns that load. */
	public CompletableFuture<Void> load(PeriodInstance instance) {
		CompletableFuture<Void> created = new CompletableFuture<>();
		CompletableFuture<Void> running = this.loading.putIfAbsent(instance, created);
		if (running != null) {
			return running;
		}
		this.executor.execute(() -> {
			try {
				loadIfCold(instance);
				created.complete(null);
			}
			catch (RuntimeException ex) {
				created.completeExceptionally(ex);
			}
			finally {
				this.loading.remove(instance, created);
			}
		});
		return created;
	}

	/** Loads the board and waits at most {@code wait}; true when it is loaded by then. */
	public boolean awaitLoaded(PeriodInstance instance, Duration wait) {
		try {
			load(instance).get(wait.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private void loadIfCold(PeriodInstance instance) {
		// a load asked for while the board was current may run after it stopped being
		// kept (queued behind other loads, or a maintenance tick begun before the
		// period ended): asked again under the lock, so it never loads an old board
		BooleanSupplier wanted = () -> this.boards.kept(instance) && !this.redis.boardLoaded(instance);
		if (!wanted.getAsBoolean()) {
			return;
		}
		if (this.rebuild.rebuildBoardIf(instance, wanted).isPresent()) {
			return;
		}
		// another process is building it: wait for its result rather than build twice,
		// or build it once that lock is gone (its holder died, or it was restored from
		// a snapshot with no holder) without waiting for the board to be loaded
		if (!RedisLocks.poll(
				() -> this.redis.boardLoaded(instance) || this.rebuild.rebuildBoardIf(instance, wanted).isPresent(),
				WAIT_FOR_OTHER_BUILDER)) {
			log.warn("The {} board is still not loaded after waiting for another builder", instance.id());
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
