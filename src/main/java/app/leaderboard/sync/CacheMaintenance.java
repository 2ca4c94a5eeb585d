package app.leaderboard.sync;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.OutboxStore;
import app.leaderboard.store.postgres.ScoreWrites;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.JobLease;

/**
 * Brings Redis back to PostgreSQL by itself, every few seconds and at start-up: relays
 * the outbox (updates whose Redis write failed or never happened) and loads any current
 * board or the user cache that is missing (flushed, restarted empty, new period).
 */
@Component
class CacheMaintenance {

	private static final Logger log = LoggerFactory.getLogger(CacheMaintenance.class);

	/** Outbox rows younger than this are still being written by their own request. */
	static final Duration RELAY_MIN_AGE = Duration.ofSeconds(3);

	private static final int RELAY_BATCH = 1000;

	private final OutboxStore outbox;

	private final ScoreWrites store;

	private final RedisInspection redis;

	private final CacheRebuild rebuild;

	private final BoardLoader loader;

	private final Periods periods;

	private final Boards boards;

	private final OutboxApplier applier;

	private final AtomicBoolean redisWasDown = new AtomicBoolean(false);

	private final JobLease lease;

	private final Duration leaseTtl;

	private final ResetFollowUps resetFollowUps;

	private final Counter relayQueries;

	public CacheMaintenance(OutboxStore outbox, ScoreWrites store, RedisInspection redis, CacheRebuild rebuild,
			BoardLoader loader, Periods periods, Boards boards, OutboxApplier applier, JobLease lease,
			ResetFollowUps resetFollowUps, LeaderboardProperties properties, MeterRegistry registry) {
		this.lease = lease;
		// a stopped holder's work is taken over within a few ticks
		this.leaseTtl = properties.relayInterval().multipliedBy(5);
		this.resetFollowUps = resetFollowUps;
		this.relayQueries = Counter.builder("leaderboard.outbox.relay.queries")
			.description("Outbox relay queries this instance sent to PostgreSQL")
			.register(registry);
		this.outbox = outbox;
		this.store = store;
		this.boards = boards;
		this.applier = applier;
		this.redis = redis;
		this.rebuild = rebuild;
		this.loader = loader;
		this.periods = periods;
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "#{@'" + LeaderboardProperties.BEAN + "'.relayInterval()}")
	public void tick() {
		try {
			// one instance at a time: N instances relay with the PostgreSQL load of one
			if (!this.lease.hold(JobLease.Jobs.MAINTENANCE, this.leaseTtl)) {
				return;
			}
			warm();
			relayOutbox();
			this.resetFollowUps.runDue();
			if (this.redisWasDown.compareAndSet(true, false)) {
				log.info("Redis is back; boards and outbox are caught up");
			}
		}
		catch (RedisUnavailableException ex) {
			if (this.redisWasDown.compareAndSet(false, true)) {
				log.warn("Redis is unavailable ({}); reads fall back to PostgreSQL, updates wait in the outbox",
						ex.getMessage());
			}
		}
		catch (DataAccessException | TransactionException ex) {
			// a transaction that cannot begin (no connection) is a TransactionException,
			// not a DataAccessException: both mean PostgreSQL is away, not our error
			log.warn("PostgreSQL is unavailable for cache maintenance: {}", ex.getClass().getSimpleName());
		}
		catch (RuntimeException ex) {
			log.error("Cache maintenance failed", ex);
		}
	}

	/** Applies every outbox row old enough; returns how many. */
	public int relayOutbox() {
		int total = 0;
		int applied;
		do {
			this.relayQueries.increment();
			applied = this.outbox.relayOutbox(RELAY_BATCH, RELAY_MIN_AGE, (entries) -> {
				this.applier.apply(entries);
				return true;
			});
			total += applied;
		}
		// a take stops once its rows hold the limit's number of users (a batch's row
		// holds several), or at the end of the outbox: fewer means it had no more
		while (applied >= RELAY_BATCH);
		if (total > 0) {
			log.info("Relayed {} users of the outbox to Redis", total);
		}
		return total;
	}

	/** Loads current boards and the user cache when Redis does not have them. */
	public void warm() {
		for (PeriodInstance instance : this.redis.unloaded(this.boards.current())) {
			if (!this.redis.boardLoaded(instance)) {
				this.loader.awaitLoaded(instance, Duration.ofMinutes(5));
			}
		}
		Set<Integer> unloaded = this.redis.unloadedUserBuckets();
		if (!unloaded.isEmpty()) {
			this.rebuild.rebuildUserBuckets(unloaded, false, (n) -> {
			});
		}
	}

	@Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
	public void forgetOldIdempotencyKeys() {
		try {
			if (!this.lease.hold(JobLease.Jobs.IDEMPOTENCY_RETENTION, Duration.ofMinutes(30))) {
				return;
			}
			int forgotten = this.store.forgetIdempotencyKeys(this.periods.now().minus(Duration.ofHours(48)));
			if (forgotten > 0) {
				log.info("Forgot {} idempotency keys older than 48 hours", forgotten);
			}
		}
		catch (DataAccessException | RedisUnavailableException ex) {
			log.warn("Could not forget old idempotency keys: {}", ex.getClass().getSimpleName());
		}
	}

}
