package app.leaderboard.read;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import app.leaderboard.config.RetentionProperties;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.http.InvalidRequestException;

/**
 * Which board a read is about, from its request parameters: the period, and the date of a
 * past period instance (docs/api.md). Every read (and the admin export) resolves its
 * board here, so a new parameter that picks a board (a region, an organisation) is added
 * in one place.
 */
@Component
public class BoardSelector {

	private static final Pattern DATE = Pattern.compile("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");

	private final Periods periods;

	private final RetentionProperties retention;

	BoardSelector(Periods periods, RetentionProperties retention) {
		this.periods = periods;
		this.retention = retention;
	}

	/**
	 * The board of {@code period} that contains {@code date} (today's when null). 400 for
	 * a date that is not {@code YYYY-MM-DD} or lies after today; 404 for a daily board
	 * past retention.
	 */
	public PeriodInstance select(Period parsed, @Nullable String date) {
		if (date == null) {
			return this.periods.current(parsed);
		}
		return kept(this.periods.containing(parsed, date(date)));
	}

	/** A date that may be asked for: a real day, not after today, daily totals kept. */
	LocalDate date(String value) {
		LocalDate today = this.periods.today();
		LocalDate date = parse(value);
		if (date.isAfter(today)) {
			throw new InvalidRequestException("date " + date + " is in the future: today is " + today + " in "
					+ this.periods.zone() + ", and boards of days to come do not exist yet.");
		}
		return date;
	}

	/** Rejects a daily board past retention; other periods are always kept. */
	PeriodInstance kept(PeriodInstance instance) {
		if (instance.period() == Period.DAILY) {
			Optional<LocalDate> firstKept = this.retention.firstKeptDay(this.periods.today());
			if (firstKept.isPresent() && instance.startDate().isBefore(firstKept.get())) {
				throw new ExpiredBoardException(instance.startDate(), firstKept.get(), this.retention.days());
			}
		}
		return instance;
	}

	private static LocalDate parse(@Nullable String value) {
		if (value != null && DATE.matcher(value).matches()) {
			try {
				return LocalDate.parse(value);
			}
			catch (DateTimeException ex) {
				// reported below
			}
		}
		// the value is echoed only when it has the right shape (2026-02-30): never raw
		// input
		String shown = (value != null && DATE.matcher(value).matches()) ? value + " is not a real day; " : "";
		throw new InvalidRequestException(shown + "date must be a day written YYYY-MM-DD, for example 2026-11-24.");
	}

}
