package app.leaderboard.sync;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;

/**
 * The reference model of the model-based test: what PostgreSQL must hold and what every
 * board must answer, worked out from the acknowledged operations alone with the rules of
 * docs/api.md (a period instance starts at midnight UTC; ties go to whoever reached the
 * score first, then to the user id by bytes; hidden users are on no board; an erased user
 * is unknown until they record anew; membership of a scoped board is the user's current
 * scope, past periods too). It shares no code with the service beyond the names of
 * periods and scopes, so that a wrong period boundary or ordering in the service shows.
 */
final class BoardModel {

	/** One board: a period instance (by its first day) in a scope. */
	record Board(Period period, LocalDate start, Scope scope) {

		/**
		 * The query parameters that read it ({@code &}-joined, maybe none): the current
		 * instance without a date, as clients read it.
		 */
		String parameters(boolean current) {
			List<String> parameters = new ArrayList<>();
			if (!current) {
				parameters.add("date=" + this.start);
			}
			switch (this.scope.kind()) {
				case GLOBAL -> {
				}
				case REGION -> parameters.add("region=" + this.scope.name());
				case ORG -> parameters.add("org=" + this.scope.name());
			}
			return String.join("&", parameters);
		}

		@Override
		public String toString() {
			return this.period.id() + ":" + this.start + this.scope.suffix();
		}

	}

	/** A board entry as the API lists it. */
	record Entry(long rank, String userId, long score) {

		@Override
		public String toString() {
			return this.rank + "." + this.userId + "=" + this.score;
		}

	}

	/** A user's total of one period instance, and when they reached it. */
	record Total(long total, Instant reachedAt) {
	}

	/** A known user: scopes, hidden flag, last update and totals by period instance. */
	static final class User {

		String region;

		String org;

		boolean hidden;

		Instant updatedAt;

		/** Totals by period and first day; a total of 0 has no entry. */
		final Map<String, Total> totals = new TreeMap<>();

		/** The days that count for the user's streak ({@link StreakCheck}). */
		final java.util.TreeSet<LocalDate> days = new java.util.TreeSet<>();

		Optional<Total> total(Period period, LocalDate start) {
			return Optional.ofNullable(this.totals.get(period.id() + ":" + start));
		}

		boolean in(Scope scope) {
			return switch (scope.kind()) {
				case GLOBAL -> true;
				case REGION -> scope.name().equals(this.region);
				case ORG -> scope.name().equals(this.org);
			};
		}

	}

	private final Map<String, User> users = new TreeMap<>();

	/** Every scope an acknowledged update named: the scopes table. */
	private final Set<Scope> scopes = new LinkedHashSet<>();

	static LocalDate start(Period period, LocalDate day) {
		return switch (period) {
			case DAILY -> day;
			case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			case MONTHLY -> day.withDayOfMonth(1);
			case YEARLY -> day.withDayOfYear(1);
		};
	}

	static LocalDate next(Period period, LocalDate start) {
		return switch (period) {
			case DAILY -> start.plusDays(1);
			case WEEKLY -> start.plusWeeks(1);
			case MONTHLY -> start.plusMonths(1);
			case YEARLY -> start.plusYears(1);
		};
	}

	static LocalDate previous(Period period, LocalDate start) {
		return switch (period) {
			case DAILY -> start.minusDays(1);
			case WEEKLY -> start.minusWeeks(1);
			case MONTHLY -> start.minusMonths(1);
			case YEARLY -> start.minusYears(1);
		};
	}

	static LocalDate today(Instant now) {
		return LocalDate.ofInstant(now, ZoneOffset.UTC);
	}

	/** An acknowledged update: a new or erased id starts from nothing. */
	void update(String userId, int count, String region, String org, Instant now) {
		User user = this.users.computeIfAbsent(userId, (id) -> new User());
		if (region != null) {
			user.region = region;
			this.scopes.add(Scope.region(region));
		}
		if (org != null) {
			user.org = org;
			this.scopes.add(Scope.org(org));
		}
		user.updatedAt = now;
		user.days.add(today(now));
		Instant reached = now.truncatedTo(ChronoUnit.SECONDS);
		for (Period period : Period.values()) {
			String key = period.id() + ":" + start(period, today(now));
			Total before = user.totals.get(key);
			user.totals.put(key, new Total(((before != null) ? before.total() : 0) + count, reached));
		}
	}

	boolean known(String userId) {
		return this.users.containsKey(userId);
	}

	void setHidden(String userId, boolean hidden) {
		this.users.get(userId).hidden = hidden;
	}

	void erase(String userId) {
		this.users.remove(userId);
	}

	/** Every user's total of the current {@code period} goes; the other periods stay. */
	void reset(Period period, Instant now) {
		String key = period.id() + ":" + start(period, today(now));
		this.users.values().forEach((user) -> user.totals.remove(key));
	}

	/** Users with a total in the instance, hidden ones too: what a reset empties. */
	long withTotal(Period period, LocalDate start) {
		return this.users.values().stream().filter((user) -> user.total(period, start).isPresent()).count();
	}

	Set<Scope> scopes() {
		return this.scopes;
	}

	Optional<User> user(String userId) {
		return Optional.ofNullable(this.users.get(userId));
	}

	/**
	 * The boards Redis serves at {@code now}: each period's current and previous
	 * instance, everyone's and every scope ever named.
	 */
	List<Board> boards(Instant now) {
		List<Board> boards = new ArrayList<>();
		List<Scope> all = new ArrayList<>(List.of(Scope.GLOBAL));
		all.addAll(this.scopes);
		for (Period period : Period.values()) {
			LocalDate current = start(period, today(now));
			for (LocalDate start : List.of(current, previous(period, current))) {
				all.forEach((scope) -> boards.add(new Board(period, start, scope)));
			}
		}
		return boards;
	}

	/** The whole board in display order, with competition ranks. */
	List<Entry> listing(Board board) {
		record Member(String userId, Total total) {
		}
		List<Member> members = new ArrayList<>();
		this.users.forEach((id, user) -> {
			if (!user.hidden && user.in(board.scope())) {
				user.total(board.period(), board.start()).ifPresent((total) -> members.add(new Member(id, total)));
			}
		});
		members.sort(Comparator.comparingLong((Member m) -> -m.total().total())
			.thenComparing((m) -> m.total().reachedAt())
			.thenComparing(Member::userId));
		List<Entry> entries = new ArrayList<>();
		for (int i = 0; i < members.size(); i++) {
			long score = members.get(i).total().total();
			long rank = (i > 0 && entries.get(i - 1).score() == score) ? entries.get(i - 1).rank() : i + 1;
			entries.add(new Entry(rank, members.get(i).userId(), score));
		}
		return entries;
	}

	/**
	 * PostgreSQL's rows as the model has them, one line each, sorted: every user and
	 * every total of every period instance (past ones too).
	 */
	List<String> rows() {
		List<String> rows = new ArrayList<>();
		this.users.forEach((id, user) -> {
			rows.add(row(id, user.region, user.org, user.hidden, user.updatedAt));
			user.totals.forEach((key, total) -> rows
				.add(totalRow(id, key, total.total(), total.reachedAt(), user.region, user.org, user.hidden)));
		});
		rows.sort(null);
		return rows;
	}

	static String row(String userId, String region, String org, boolean hidden, Instant updatedAt) {
		return "user " + userId + " region=" + region + " org=" + org + (hidden ? " hidden" : "") + " updated_at="
				+ updatedAt;
	}

	static String totalRow(String userId, String instance, long total, Instant reachedAt, String region, String org,
			boolean hidden) {
		return "total " + userId + " " + instance + " " + total + " reached_at=" + reachedAt + " region=" + region
				+ " org=" + org + (hidden ? " hidden" : "");
	}

}
