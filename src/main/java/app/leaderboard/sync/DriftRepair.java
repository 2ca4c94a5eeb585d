package app.leaderboard.sync;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.MigrationProperties;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.JobLease;

/**
 * The periodic drift check, every {@code LEADERBOARD_DRIFT_INTERVAL}
 * (docs/consistency.md): a loaded board found out of step with PostgreSQL in two checks
 * in a row is rebuilt (built aside and swapped in, so reads stay on Redis). Each check
 * compares every served board by checksum ({@link DriftCheck#record}, writes in flight
 * told apart from drift), and samples the members of the global boards, of
 * {@link DriftCheck#SCOPED_SAMPLED_PER_CHECK} region and organisation boards in turn and
 * of every board out of step the time before. One check alone is not enough to rebuild: a
 * rebuild swapped in while the check read, or a change whose transaction outlived the
 * check's margin, can still look like drift once. One instance at a time checks (the
 * {@code drift} lease), so the check's queries do not grow with the instance count; the
 * two checks in a row are then the same instance's.
 */
@Component
public class DriftRepair {

	private static final Logger log = LoggerFactory.getLogger(DriftRepair.class);

	private final DriftCheck drift;

	private final CacheRebuild rebuild;

	private final MeterRegistry registry;

	private final JobLease lease;

	/** A holder that stops checking is replaced after three intervals. */
	private final Duration leaseTtl;

	/** Boards out of step in the previous check. */
	private Set<PeriodInstance> outOfStep = Set.of();

	private final TeamDrift teams;

	private final StreakRepair streaks;

	/** Scoped boards whose team figures were out of step in the previous check. */
	private Set<PeriodInstance> teamsOutOfStep = Set.of();

	public DriftRepair(DriftCheck drift, CacheRebuild rebuild, MeterRegistry registry, JobLease lease,
			MigrationProperties settings, TeamDrift teams, StreakRepair streaks) {
		this.teams = teams;
		this.streaks = streaks;
		this.lease = lease;
		this.leaseTtl = settings.driftInterval().multipliedBy(3);
		this.drift = drift;
		this.rebuild = rebuild;
		this.registry = registry;
		for (Period period : Period.values()) {
			repairs(period);
		}
	}

	private Counter repairs(Period period) {
		return Counter.builder("leaderboard.cache.drift.repairs")
			.description("Boards rebuilt because two drift checks in a row found them out of step")
			.tag("period", period.id())
			.register(this.registry);
	}

	/** One check; rebuilds the boards out of step in this one and the one before. */
	public synchronized void tick() {
		try {
			if (!this.lease.hold(JobLease.Jobs.DRIFT, this.leaseTtl)) {
				// another instance checks; a later turn here starts afresh
				this.outOfStep = Set.of();
				return;
			}
		}
		catch (RedisUnavailableException ex) {
			// nothing to compare with; the warm-up reloads Redis when it is back
			return;
		}
		// the boards out of step last time get their members sampled again, scoped ones
		// too (those are otherwise sampled in turn)
		Map<PeriodInstance, BoardVerdict> result = this.drift.record(this.outOfStep);
		Set<PeriodInstance> now = new HashSet<>();
		result.forEach((instance, board) -> {
			// a board not loaded is the warm-up's (CacheMaintenance); only loaded ones
			// drift
			if (!board.differs()) {
				return;
			}
			if (!this.outOfStep.contains(instance)) {
				now.add(instance);
				log.info("The {} board is out of step with PostgreSQL ({}); rebuilt if it still is next time",
						instance.id(), board.why());
				return;
			}
			repair(instance, board);
		});
		this.outOfStep = now;
		checkTeams();
		// the streak lists, by their checksums
		this.streaks.check(false);
	}

	/**
	 * The team listings' checksum ({@link TeamDrift}): a scoped board whose sum differs
	 * from PostgreSQL's in two checks in a row is rebuilt, as one out of step.
	 */
	private void checkTeams() {
		Set<PeriodInstance> now;
		try {
			now = this.teams.outOfStep();
		}
		catch (RedisUnavailableException | org.springframework.dao.DataAccessException ex) {
			return;
		}
		Set<PeriodInstance> next = new HashSet<>();
		for (PeriodInstance board : now) {
			if (this.teamsOutOfStep.contains(board)) {
				log.warn("The team figures of the {} board were out of step with PostgreSQL in two checks in a row; "
						+ "rebuilding the board", board.id());
				repair(board);
			}
			else {
				next.add(board);
			}
		}
		this.teamsOutOfStep = next;
	}

	private void repair(PeriodInstance instance) {
		try {
			if (this.rebuild.rebuildBoard(instance, false, (n) -> {
			}).isPresent()) {
				repairs(instance.period()).increment();
			}
		}
		catch (RedisUnavailableException | org.springframework.dao.DataAccessException ex) {
			log.warn("Could not rebuild the {} board after drift: {}", instance.id(), ex.getMessage());
		}
	}

	private void repair(PeriodInstance instance, BoardVerdict board) {
		try {
			// someone else building it already brings it back: no need to wait for them
			if (this.rebuild.rebuildBoard(instance, false, (n) -> {
			}).isPresent()) {
				log.warn(
						"The {} board was out of step with PostgreSQL in two checks in a row ({}; {} members in "
								+ "PostgreSQL, {} in Redis); rebuilt it",
						instance.id(), board.why(), board.postgresMembers(), board.redisMembers());
				repairs(instance.period()).increment();
			}
		}
		catch (RedisUnavailableException | org.springframework.dao.DataAccessException ex) {
			log.warn("Could not rebuild the {} board after drift: {}", instance.id(), ex.getMessage());
		}
	}

}
