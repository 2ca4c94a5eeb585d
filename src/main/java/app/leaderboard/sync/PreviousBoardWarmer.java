package app.leaderboard.sync;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.JobLease;

/**
 * Predictive warming: the boards that just ended (yesterday's, last week's, last month's,
 * last year's) are asked for right after their period ends ("who won yesterday?"), so
 * they stay in Redis for a whole period after their end (their keys' time to live) and
 * are loaded here before anyone asks when Redis lacks them: after a restart, a flush, or
 * a first start. Older boards are read from PostgreSQL. One instance at a time warms (the
 * {@code previous-boards} lease): the others' ticks ask Redis for the lease only.
 */
@Component
public class PreviousBoardWarmer {

	private static final Logger log = LoggerFactory.getLogger(PreviousBoardWarmer.class);

	private final Periods periods;

	private final RedisInspection redis;

	private final BoardLoader loader;

	private final JobLease lease;

	private final Duration leaseTtl;

	public PreviousBoardWarmer(Periods periods, RedisInspection redis, BoardLoader loader, JobLease lease,
			LeaderboardProperties properties) {
		this.lease = lease;
		// a stopped holder's work is taken over within a few ticks
		this.leaseTtl = properties.relayInterval().multipliedBy(5);
		this.periods = periods;
		this.redis = redis;
		this.loader = loader;
	}

	// after the current boards' warm-up at start, which readers need first
	@Scheduled(initialDelay = 5_000, fixedDelayString = "#{@'" + LeaderboardProperties.BEAN + "'.relayInterval()}")
	public void tick() {
		try {
			if (this.lease.hold(JobLease.Jobs.PREVIOUS_BOARDS, this.leaseTtl)) {
				warm();
			}
		}
		catch (RedisUnavailableException | DataAccessException | TransactionException ex) {
			// CacheMaintenance reports outages; this runs again on the next tick
			log.debug("Could not warm the previous boards: {}", ex.getClass().getSimpleName());
		}
	}

	/** Loads each period's previous board unless Redis has it; waits for the loads. */
	public void warm() {
		for (PeriodInstance current : this.periods.currentAll().values()) {
			PeriodInstance previous = this.periods.previous(current);
			if (!this.redis.boardLoaded(previous)) {
				this.loader.awaitLoaded(previous, Duration.ofMinutes(5));
			}
		}
	}

}
