package app.leaderboard.league;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.LeagueProperties;
import app.leaderboard.config.MigrationProperties;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.LeagueChanges;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.store.redis.coordination.JobLease;
import app.leaderboard.store.redis.league.RedisLeagueChecks;

/**
 * The league check, every {@code LEADERBOARD_DRIFT_INTERVAL}: drops the cached listings
 * of the groups PostgreSQL marks as changed since the last check ({@link LeagueChanges}),
 * in the seasons Redis serves. Listings live for their season, not for one interval, so
 * this is what makes them converge: a drop that a join, hide, unhide or erasure missed
 * (Redis failed, or the instance died between the commit and its answer) is made here
 * within an interval. Each check looks back {@link #MARGIN} before the last one's time,
 * for the transactions that wrote {@code changed_at} but had not committed then.
 * Whichever instance comes first in an interval runs it ({@link JobLease#once}); up to
 * when it ran is kept in Redis with the listings ({@link RedisLeagueChecks}), so any
 * instance carries on where another stopped, and a Redis that lost the listings' writes
 * lost that mark too (the next check then looks at every group of the season).
 */
@Component
public class LeagueCheck implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(LeagueCheck.class);

	/**
	 * How far before the last check's time changes are looked at again: longer than any
	 * transaction takes between writing {@code changed_at} and committing (the join's
	 * batch commits after the statement that stamps its groups).
	 */
	static final Duration MARGIN = Duration.ofSeconds(60);

	private final Duration interval;

	private final Period seasons;

	private final Periods periods;

	private final LeagueChanges store;

	private final RedisLeagueChecks redis;

	private final JobLease lease;

	private final Counter dropped;

	/** The margin in use: {@link #MARGIN}, shorter in tests. */
	private volatile Duration margin = MARGIN;

	LeagueCheck(MigrationProperties migration, LeagueProperties league, Periods periods, LeagueChanges store,
			RedisLeagueChecks redis, JobLease lease, MeterRegistry registry) {
		this.interval = migration.driftInterval();
		this.seasons = Period.fromId(league.period()).orElseThrow();
		this.periods = periods;
		this.store = store;
		this.redis = redis;
		this.lease = lease;
		this.dropped = Counter.builder("leaderboard.league.check.dropped")
			.description("Cached league listings the league check dropped because PostgreSQL marks their group changed")
			.register(registry);
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::tick, this.interval, this.interval));
	}

	/** One turn: runs the check unless another instance ran it lately. */
	void tick() {
		try {
			// marked for most of an interval: the next tick of any instance runs it again
			if (this.lease.once(JobLease.Jobs.LEAGUE_CHECK, this.interval.multipliedBy(4).dividedBy(5))) {
				check();
			}
		}
		catch (RedisUnavailableException | DataAccessException ex) {
			// the next turn looks back to the last completed check
			log.debug("League check not run: {}", ex.toString());
		}
		catch (RuntimeException ex) {
			// a timer that throws is not run again by some schedulers: keep it alive
			log.warn("League check failed: {}", ex.toString());
		}
	}

	/**
	 * Drops the listings of the groups changed since the last check, in the current and
	 * the previous season.
	 * @return how many cached listings it dropped
	 */
	synchronized int check() {
		// the database's clock, before the query: whatever commits later with an earlier
		// changed_at is within the margin the next check looks back over
		Instant now = this.store.now();
		PeriodInstance current = this.periods.current(this.seasons);
		int total = 0;
		for (PeriodInstance season : List.of(current, this.periods.previous(current))) {
			Instant since = this.redis.checked(season)
				.map((checked) -> checked.minus(this.margin))
				.orElse(Instant.EPOCH);
			List<int[]> changed = this.store.changedSince(season.startDate(), since)
				.stream()
				.map((group) -> new int[] { group.tier(), group.group() })
				.toList();
			int dropped = this.redis.drop(season, changed);
			this.redis.markChecked(season, now);
			if (dropped > 0) {
				log.debug("League check: {} of {} changed groups of the season of {} had a cached listing, dropped",
						dropped, changed.size(), season.startDate());
			}
			total += dropped;
		}
		this.dropped.increment(total);
		return total;
	}

	/** Tests: a margin shorter than any real transaction could need. */
	void margin(Duration margin) {
		this.margin = margin;
	}

}
