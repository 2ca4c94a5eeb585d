package app.leaderboard.sync;

import java.time.LocalDate;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import app.leaderboard.config.RetentionProperties;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.DailyTotalsPurge;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.JobLease;

/**
 * Deletes daily totals of days more than {@code LEADERBOARD_DAILY_RETENTION_DAYS} before
 * today (docs/configuration.md): with 2 and today 2026-11-25, the 23rd is kept and the
 * 22nd goes. Small batches, each its own short transaction, with a pause between them so
 * updates never queue behind the job. One instance at a time runs it (the
 * {@code daily-retention} lease), so the job's queries do not grow with the instance
 * count; while Redis cannot be asked each instance runs it, which is still safe (see
 * {@link DailyTotalsPurge}). Reads of such a day answer 404 whether or not its rows are
 * gone yet.
 */
@Component
public class DailyRetention {

	private static final Logger log = LoggerFactory.getLogger(DailyRetention.class);

	static final int BATCH = 1000;

	private static final long PAUSE_MILLIS = 20;

	private final DailyTotalsPurge purge;

	private final RetentionProperties retention;

	private final Periods periods;

	private final JobLease lease;

	public DailyRetention(DailyTotalsPurge purge, RetentionProperties retention, Periods periods, JobLease lease) {
		this.lease = lease;
		this.purge = purge;
		this.retention = retention;
		this.periods = periods;
	}

	@Scheduled(initialDelay = 60_000, fixedDelayString = "#{@'" + RetentionProperties.BEAN + "'.retentionInterval()}")
	public void tick() {
		try {
			if (!leased()) {
				return;
			}
			long deleted = purge();
			if (deleted > 0) {
				log.info("Deleted {} daily totals past retention ({} days)", deleted, this.retention.days());
			}
		}
		catch (DataAccessException | TransactionException ex) {
			log.warn("Could not delete daily totals past retention: {}", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Whether this instance runs the job now; a holder is replaced after three intervals.
	 */
	private boolean leased() {
		try {
			return this.lease.hold(JobLease.Jobs.DAILY_RETENTION, this.retention.retentionInterval().multipliedBy(3));
		}
		catch (RedisUnavailableException ex) {
			return true;
		}
	}

	/**
	 * Deletes every expired daily total, batch by batch; stops early when another
	 * instance is at it. @return rows deleted here
	 */
	public long purge() {
		Optional<LocalDate> firstKept = this.retention.firstKeptDay(this.periods.today());
		if (firstKept.isEmpty()) {
			return 0;
		}
		long total = 0;
		int deleted;
		do {
			deleted = this.purge.deleteBatch(firstKept.get(), BATCH);
			if (deleted > 0) {
				total += deleted;
				pause();
			}
		}
		while (deleted == BATCH);
		return total;
	}

	private static void pause() {
		try {
			Thread.sleep(PAUSE_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
