package app.leaderboard.core;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import app.leaderboard.config.LeaderboardProperties;

/**
 * Which period a moment belongs to. Time comes from the injected {@link Clock}, so a new
 * period begins by itself at its boundary: it is simply a new {@link PeriodInstance}, and
 * with it a new Redis key and new PostgreSQL rows. Nothing runs at midnight.
 */
@Component
public class Periods {

	private final Clock clock;

	private final ZoneId zone;

	@Autowired
	public Periods(Clock clock, LeaderboardProperties properties) {
		this(clock, properties.timeZone());
	}

	public Periods(Clock clock, ZoneId zone) {
		this.clock = clock;
		this.zone = zone;
	}

	public Instant now() {
		return this.clock.instant();
	}

	public ZoneId zone() {
		return this.zone;
	}

	public PeriodInstance current(Period period) {
		return at(period, now());
	}

	/** The current instance of every period, in {@link Period} order. */
	public Map<Period, PeriodInstance> currentAll() {
		return allAt(now());
	}

	public Map<Period, PeriodInstance> allAt(Instant moment) {
		Map<Period, PeriodInstance> all = new EnumMap<>(Period.class);
		for (Period period : Period.values()) {
			all.put(period, at(period, moment));
		}
		return all;
	}

	public PeriodInstance at(Period period, Instant moment) {
		LocalDate start = period.startOf(LocalDate.ofInstant(moment, this.zone));
		return of(period, start);
	}

	/** Today's date in the configured zone. */
	public LocalDate today() {
		return LocalDate.ofInstant(now(), this.zone);
	}

	/** The instance of {@code period} that contains {@code date} (in the zone). */
	public PeriodInstance containing(Period period, LocalDate date) {
		return of(period, period.startOf(date));
	}

	/** The instance just before {@code instance}: yesterday's, last week's board. */
	public PeriodInstance previous(PeriodInstance instance) {
		return containing(instance.period(), instance.startDate().minusDays(1)).in(instance.scope());
	}

	public PeriodInstance of(Period period, LocalDate startDate) {
		Instant start = startDate.atStartOfDay(this.zone).toInstant();
		Instant end = period.nextStart(startDate).atStartOfDay(this.zone).toInstant();
		return new PeriodInstance(period, startDate, start, end);
	}

}
