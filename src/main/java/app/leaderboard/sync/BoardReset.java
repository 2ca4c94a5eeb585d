package app.leaderboard.sync;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.ScoreWrites;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.RedisLocks;
import app.leaderboard.store.redis.coordination.ResetSchedule;

/**
 * Resets one board: empties it in PostgreSQL and rebuilds it, under the board's lock so
 * that no rebuild running meanwhile can bring the old totals back, and builds it once
 * more a few seconds later. The lock is renewed while the DELETE runs, however long; if
 * it is lost all the same, the build stops, and the follow-up build, asked for as soon as
 * the rows are gone, loads the emptied board.
 */
@Service
public class BoardReset {

	private static final Logger log = LoggerFactory.getLogger(BoardReset.class);

	/**
	 * How long after a reset its board is built once more: longer than a request's Redis
	 * write can take, so an update that committed just before the reset but reached Redis
	 * just after it cannot leave its old total on the emptied board.
	 */
	static final Duration RESET_SETTLE = Duration.ofSeconds(5);

	private final ScoreWrites store;

	private final CacheRebuild rebuild;

	private final RedisLocks locks;

	private final RedisKeys keys;

	private final TaskScheduler scheduler;

	private final Boards boards;

	private final ResetSchedule resetSchedule;

	public BoardReset(ScoreWrites store, CacheRebuild rebuild, RedisLocks locks, RedisKeys keys,
			TaskScheduler scheduler, Boards boards, ResetSchedule resetSchedule) {
		this.boards = boards;
		this.resetSchedule = resetSchedule;
		this.store = store;
		this.rebuild = rebuild;
		this.locks = locks;
		this.keys = keys;
		this.scheduler = scheduler;
	}

	/** Sets every user's count on the board to 0; returns how many users had one. */
	public int reset(PeriodInstance instance) {
		long[] removed = { 0 };
		this.locks.withLock(this.keys.boardLock(instance), true, (lock) -> {
			removed[0] = this.store.reset(instance);
			log.info("Reset the {} board: {} users back to 0", instance.id(), removed[0]);
			scheduleSettle(instance);
			lock.ensureHeld();
			return this.rebuild.buildBoard(instance, lock, (n) -> {
			});
		});
		int reset = (int) removed[0];
		// the region and organisation boards of the period lost their rows with it
		for (PeriodInstance scoped : this.boards.scoped(instance)) {
			this.rebuild.rebuildBoard(scoped, true, (n) -> {
			});
			scheduleSettle(scoped);
		}
		return reset;
	}

	/**
	 * Asks for the follow-up build in Redis, where any instance's maintenance finds it
	 * ({@link ResetFollowUps}), so it survives this instance; only while Redis cannot
	 * take the request is it kept in this process.
	 */
	private void scheduleSettle(PeriodInstance instance) {
		try {
			this.resetSchedule.schedule(ResetFollowUps.name(instance),
					this.scheduler.getClock().instant().plus(RESET_SETTLE));
		}
		catch (RedisUnavailableException ex) {
			this.scheduler.schedule(() -> settle(instance), this.scheduler.getClock().instant().plus(RESET_SETTLE));
		}
	}

	private void settle(PeriodInstance instance) {
		try {
			this.rebuild.rebuildBoard(instance, true, (n) -> {
			});
		}
		catch (RuntimeException ex) {
			// the drift check reports what is left; the next sync repairs it
			log.warn("Could not rebuild the {} board after its reset: {}", instance.id(), ex.getMessage());
		}
	}

}
