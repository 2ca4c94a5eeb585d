package app.leaderboard.sync;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import app.leaderboard.config.MigrationProperties;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.ReadDatabase;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisHealthIndicator;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.Held;
import app.leaderboard.store.redis.coordination.JobLease;
import app.leaderboard.store.redis.coordination.RedisLocks;

/**
 * The start-up check (docs/consistency.md): once the service is up, every board that
 * Redis holds and serves (the ones that just ended, region and organisation boards too)
 * is compared with PostgreSQL by checksum ({@link DriftCheck#record}: a lookup per board
 * in each store, members read only in a bucket that differs with no write in flight
 * there) and rebuilt when it differs; the user cache is rebuilt when it holds another
 * number of users. A Redis left stale by an earlier deployment, a restore or a lost write
 * is so repaired without an admin call, while reads go on: a rebuild builds aside and
 * swaps. A board Redis does not hold is the warm-up's ({@link CacheMaintenance}). It runs
 * in the background, so the start is not delayed; instances that start together share one
 * run (a Redis lease), and one that starts within a drift interval of a completed run
 * skips its own: once per deploy, not once per instance. Off in the CLI, with the rest of
 * the maintenance.
 */
@Component
@ConditionalOnProperty(name = "leaderboard.maintenance.enabled", havingValue = "true", matchIfMissing = true)
public class StartupRepair {

	private static final Logger log = LoggerFactory.getLogger(StartupRepair.class);

	/**
	 * How long the lease outlives an instance that died while comparing; renewed while
	 * the compare runs, however long, and released when it ends.
	 */
	private static final Duration LEASE = Duration.ofMinutes(1);

	/** How long to wait for Redis at start before giving the check up. */
	private static final Duration REDIS_WAIT = Duration.ofSeconds(30);

	private final DriftCheck drift;

	private final CacheRebuild rebuild;

	private final RedisInspection redis;

	private final RedisHealthIndicator health;

	private final JobLease lease;

	private final BoardQueries store;

	private final Duration driftInterval;

	private volatile Thread running;

	private final StreakRepair streaks;

	private final ReadDatabase database;

	public StartupRepair(DriftCheck drift, CacheRebuild rebuild, RedisInspection redis, RedisHealthIndicator health,
			JobLease lease, BoardQueries store, MigrationProperties settings, StreakRepair streaks,
			ReadDatabase database) {
		this.streaks = streaks;
		this.database = database;
		this.drift = drift;
		this.rebuild = rebuild;
		this.redis = redis;
		this.health = health;
		this.lease = lease;
		this.store = store;
		this.driftInterval = settings.driftInterval();
	}

	@EventListener(ApplicationReadyEvent.class)
	public void start() {
		Thread thread = new Thread(this::runOnce, "startup-repair");
		thread.setDaemon(true);
		this.running = thread;
		thread.start();
	}

	/** Waits for the start-up run to end (tests). */
	public void await(Duration timeout) throws InterruptedException {
		Thread thread = this.running;
		if (thread != null) {
			thread.join(timeout.toMillis());
		}
	}

	void runOnce() {
		if (!RedisLocks.poll(this.health::ping, REDIS_WAIT)) {
			log.warn("Start-up check skipped: Redis did not answer; the drift check and the warm-up go on");
			return;
		}
		try {
			if (this.lease.marked(JobLease.Jobs.STARTUP_REPAIR_DONE)) {
				// once per deploy: the drift check covers what changed since that compare
				log.info("Start-up check skipped: another instance completed one less than {} ago", this.driftInterval);
				return;
			}
			if (this.lease.runHeld(JobLease.Jobs.STARTUP_REPAIR, LEASE, this::repair)) {
				this.lease.once(JobLease.Jobs.STARTUP_REPAIR_DONE, this.driftInterval);
			}
			else {
				log.info("Start-up check skipped or stopped: another instance is running it");
			}
		}
		catch (RedisUnavailableException | DataAccessException ex) {
			log.warn("Start-up check stopped: {}; the drift check goes on", ex.getMessage());
		}
	}

	private void repair(Held lease) {
		long started = System.nanoTime();
		// every board Redis serves, the ones that just ended too
		Map<PeriodInstance, BoardVerdict> boards = this.drift.record(Set.of());
		long checked = (System.nanoTime() - started) / 1_000_000;
		int rebuilt = 0;
		for (Map.Entry<PeriodInstance, BoardVerdict> entry : boards.entrySet()) {
			BoardVerdict board = entry.getValue();
			if (board.differs()) {
				lease.ensureHeld();
				PeriodInstance instance = entry.getKey();
				log.warn(
						"Start-up check: the {} board differs from PostgreSQL ({}; {} members in PostgreSQL, "
								+ "{} in Redis); rebuilding it",
						instance.id(), board.why(), board.postgresMembers(), board.redisMembers());
				this.rebuild.rebuildBoard(instance, true, (n) -> {
				});
				rebuilt++;
			}
		}
		lease.ensureHeld();
		long cachedUsers = this.redis.usersLoaded() ? this.redis.cachedUsers() : -1;
		long users = (cachedUsers >= 0) ? this.database.read(this.store::userCount) : -1;
		if (cachedUsers >= 0 && cachedUsers != users) {
			log.warn("Start-up check: the user cache holds {} users, PostgreSQL {}; rebuilding it", cachedUsers, users);
			this.rebuild.rebuildUsers(true, (n) -> {
			});
			rebuilt++;
		}
		lease.ensureHeld();
		rebuilt += this.streaks.check(true);
		log.info(
				"Start-up check of Redis with PostgreSQL done in {} ms ({} ms for the {} boards' checksums): {} rebuilt",
				(System.nanoTime() - started) / 1_000_000, checked, boards.size(),
				(rebuilt == 0) ? "nothing" : rebuilt + " key(s)");
	}

}
