package app.leaderboard.sync;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.redis.coordination.ResetSchedule;

/**
 * Runs the builds a reset asked for a few seconds later ({@link BoardReset#reset}), from
 * the maintenance tick of whichever instance holds its lease: the build survives the
 * instance that did the reset.
 */
@Component
class ResetFollowUps {

	private static final Logger log = LoggerFactory.getLogger(ResetFollowUps.class);

	private final ResetSchedule schedule;

	private final CacheRebuild rebuild;

	private final Periods periods;

	/** Wall time, as the scheduler keeps it: the settle delay is real seconds. */
	private final Clock wallClock;

	ResetFollowUps(ResetSchedule schedule, CacheRebuild rebuild, Periods periods, TaskScheduler scheduler) {
		this.wallClock = scheduler.getClock();
		this.schedule = schedule;
		this.rebuild = rebuild;
		this.periods = periods;
	}

	static String name(PeriodInstance instance) {
		return instance.period().id() + "|" + instance.startDate();
	}

	void runDue() {
		Instant now = this.wallClock.instant();
		for (String board : this.schedule.due(now)) {
			instance(board).ifPresent((instance) -> {
				this.rebuild.rebuildBoard(instance, true, (n) -> {
				});
				log.info("Rebuilt the {} board after its reset", instance.id());
			});
			this.schedule.done(board, now);
		}
	}

	private Optional<PeriodInstance> instance(String board) {
		String[] parts = board.split("\\|", 2);
		return Period.fromId(parts[0]).map((period) -> this.periods.of(period, LocalDate.parse(parts[1])));
	}

}
