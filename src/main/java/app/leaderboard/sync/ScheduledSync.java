package app.leaderboard.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;
import org.springframework.scheduling.support.CronTrigger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.JobLease;

/**
 * {@code LEADERBOARD_SYNC_CRON} (docs/consistency.md): a full sync once per firing,
 * however many instances share the stores. Every instance fires; each asks Redis for the
 * firing's lease ({@link JobLease#once}, {@code lease:{sync:<epoch second>}}), named
 * after the firing's scheduled time, and only the one that gets it syncs. The key is the
 * scheduled time, not the moment an instance woke up, so instances whose clocks differ by
 * less than the time between two firings agree on it; it lives until the next firing, so
 * a late instance still finds it taken.
 */
class ScheduledSync implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(ScheduledSync.class);

	private static final Duration MIN_LEASE = Duration.ofSeconds(1);

	private static final Duration MAX_LEASE = Duration.ofDays(1);

	private static final int HISTORY = 100;

	/** One firing as this instance saw it. */
	record Firing(Instant scheduledAt, boolean ran) {
	}

	private final CronTrigger cron;

	private final CacheRebuild rebuild;

	private final JobLease lease;

	private final Counter ran;

	private final Counter skipped;

	private final Counter failed;

	/** The scheduled time of the firing being run: set by the trigger just before. */
	private final AtomicReference<Instant> firing = new AtomicReference<>();

	private final Deque<Firing> history = new ArrayDeque<>();

	ScheduledSync(CronTrigger cron, CacheRebuild rebuild, JobLease lease, MeterRegistry registry) {
		this.cron = cron;
		this.rebuild = rebuild;
		this.lease = lease;
		this.ran = outcome(registry, "ran");
		this.skipped = outcome(registry, "skipped");
		this.failed = outcome(registry, "failed");
	}

	private static Counter outcome(MeterRegistry registry, String outcome) {
		return Counter.builder("leaderboard.cache.scheduled.syncs")
			.description("Firings of LEADERBOARD_SYNC_CRON: ran here, skipped (another instance had the lease), failed")
			.tag("outcome", outcome)
			.register(registry);
	}

	/** The cron trigger, remembering each firing's scheduled time for the lease. */
	Trigger trigger() {
		return new Trigger() {

			@Override
			public Instant nextExecution(TriggerContext context) {
				Instant next = ScheduledSync.this.cron.nextExecution(context);
				ScheduledSync.this.firing.set(next);
				return next;
			}

		};
	}

	@Override
	public void run() {
		Instant scheduledAt = this.firing.get();
		if (scheduledAt == null) {
			return;
		}
		boolean leased;
		try {
			leased = this.lease.once(JobLease.Jobs.syncFiring(scheduledAt.getEpochSecond()), leaseFor(scheduledAt));
		}
		catch (RedisUnavailableException ex) {
			log.warn("Scheduled sync of {} not run: Redis is unavailable ({})", scheduledAt, ex.getMessage());
			this.failed.increment();
			return;
		}
		if (!leased) {
			log.debug("Scheduled sync of {} runs on another instance", scheduledAt);
			this.skipped.increment();
			remember(new Firing(scheduledAt, false));
			return;
		}
		try {
			CacheRebuild.SyncResult result = this.rebuild.fullSync((n) -> {
			});
			log.info("Scheduled sync of {}: {} users and {} board members in {} ms", scheduledAt, result.usersSynced(),
					result.boardMembers(), result.durationMs());
			this.ran.increment();
			remember(new Firing(scheduledAt, true));
		}
		catch (RedisUnavailableException | DataAccessException ex) {
			log.warn("Scheduled sync of {} failed: {}", scheduledAt, ex.getMessage());
			this.failed.increment();
		}
	}

	/** Until the next firing: a late instance must still find this one's lease taken. */
	private Duration leaseFor(Instant scheduledAt) {
		Instant next = this.cron.nextExecution(new SimpleContext(scheduledAt));
		Duration gap = (next != null) ? Duration.between(scheduledAt, next) : MAX_LEASE;
		return (gap.compareTo(MIN_LEASE) < 0) ? MIN_LEASE : (gap.compareTo(MAX_LEASE) > 0) ? MAX_LEASE : gap;
	}

	private synchronized void remember(Firing firing) {
		this.history.addLast(firing);
		if (this.history.size() > HISTORY) {
			this.history.removeFirst();
		}
	}

	/** The last firings this instance saw, oldest first. */
	synchronized List<Firing> history() {
		return List.copyOf(this.history);
	}

	private record SimpleContext(Instant last) implements TriggerContext {

		@Override
		public Instant lastScheduledExecution() {
			return this.last;
		}

		@Override
		public Instant lastActualExecution() {
			return this.last;
		}

		@Override
		public Instant lastCompletion() {
			return this.last;
		}

	}

}
