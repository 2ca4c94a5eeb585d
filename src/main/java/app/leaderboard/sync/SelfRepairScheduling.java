package app.leaderboard.sync;

import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.MigrationProperties;
import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.coordination.JobLease;

/**
 * Schedules the drift check every {@code LEADERBOARD_DRIFT_INTERVAL} and, when
 * {@code LEADERBOARD_SYNC_CRON} is set, the scheduled sync (in
 * {@code LEADERBOARD_TIME_ZONE}). Both read the settings already checked at start, not
 * Spring's own parsing of a string. Like every timer, they do not run in the CLI.
 */
@Configuration(proxyBeanMethods = false)
class SelfRepairScheduling implements SchedulingConfigurer {

	private final MigrationProperties settings;

	private final DriftRepair drift;

	private final Optional<ScheduledSync> sync;

	SelfRepairScheduling(MigrationProperties settings, DriftRepair drift, CacheRebuild rebuild, JobLease lease,
			Periods periods, MeterRegistry registry) {
		this.settings = settings;
		this.drift = drift;
		this.sync = settings.cron()
			.map((cron) -> new ScheduledSync(new CronTrigger(settings.syncCron().trim(), periods.zone()), rebuild,
					lease, registry));
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::driftTick, this.settings.driftInterval(), this.settings.driftInterval()));
		this.sync.ifPresent((sync) -> registrar.addTriggerTask(sync, sync.trigger()));
	}

	private void driftTick() {
		try {
			this.drift.tick();
		}
		catch (RuntimeException ex) {
			// a timer that throws is not run again by some schedulers: keep it alive
			org.slf4j.LoggerFactory.getLogger(DriftRepair.class).warn("Drift check failed: {}", ex.toString());
		}
	}

	/** The scheduled sync's firings as this instance saw them (tests). */
	List<ScheduledSync.Firing> syncHistory() {
		return this.sync.map(ScheduledSync::history).orElse(List.of());
	}

}
