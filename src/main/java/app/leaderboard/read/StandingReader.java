package app.leaderboard.read;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import app.leaderboard.config.RetentionProperties;
import app.leaderboard.core.BoardRow;
import app.leaderboard.core.Membership;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.UnknownUserException;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.StandingQueries;
import app.leaderboard.store.redis.board.BoardWindows;

/**
 * Reads relative to users: the window around one user, the standings of a friends list,
 * and one user's daily history. The first two come from Redis (one round trip each) or
 * PostgreSQL through the same {@link ReadPath} as boards, and both sources give the same
 * answer: the same order, the same competition ranks.
 */
@Service
public class StandingReader {

	private final BoardWindows windows;

	private final BoardQueries store;

	private final StandingQueries queries;

	private final Periods periods;

	private final RetentionProperties retention;

	private final ReadPath path;

	private final KnownUsers users;

	StandingReader(BoardWindows windows, BoardQueries store, StandingQueries queries, Periods periods,
			RetentionProperties retention, ReadPath path, KnownUsers users) {
		this.users = users;
		this.windows = windows;
		this.store = store;
		this.queries = queries;
		this.periods = periods;
		this.retention = retention;
		this.path = path;
	}

	/**
	 * Up to {@code radius} positions above and below the user, and the user, on any board
	 * (a scope's too). A hidden user is on no board: their answer says so, with their own
	 * score, no rank and no window.
	 */
	public Sourced<AroundView> around(String userId, PeriodInstance instance, int radius) {
		return this.path.read(instance, () -> this.windows.around(instance, userId, radius).map((window) -> {
			if (window.total() == null) {
				if (knownMember(userId).hidden()) {
					return withoutScore(userId, instance, window.members());
				}
				return around(userId, instance, window.members(), null, 0, List.of(), null);
			}
			List<Ranks.Row> rows = window.entries()
				.stream()
				.map((member) -> new Ranks.Row(member.userId(), member.total()))
				.toList();
			return around(userId, instance, window.members(), window.above() + 1, window.total(),
					Ranks.entries(window.firstAbove(), window.first(), rows), null);
		}), () -> aroundFromPostgres(userId, instance, radius),
				() -> around(userId, instance, 0, null, 0, List.of(), knownMember(userId).hidden() ? true : null));
	}

	/**
	 * A user's current scopes and visibility (404 when never recorded), read as
	 * {@link #around} reads them: the user cache first, PostgreSQL for what it lacks.
	 */
	public Membership membership(String userId) {
		return knownMember(userId);
	}

	/**
	 * The scopes and visibility of a user not on the board (404 when never recorded),
	 * without letting unknown ids reach PostgreSQL ({@link KnownUsers}).
	 */
	private Membership knownMember(String userId) {
		return this.users.find(userId).orElseThrow(() -> UnknownUserException.neverRecorded(userId));
	}

	private AroundView aroundFromPostgres(String userId, PeriodInstance instance, int radius) {
		Optional<BoardRow> row = this.queries.row(instance, userId);
		long members = this.store.members(instance);
		if (row.isEmpty()) {
			return withoutScore(userId, instance, members);
		}
		long above = this.store.countAbove(instance, row.get().total());
		long position = this.queries.position(instance, row.get(), above);
		long first = Math.max(0, position - radius);
		List<BoardRow> rows = this.store.page(instance, (int) (position + radius - first + 1), first);
		long firstAbove = rows.isEmpty() ? 0 : this.store.countAbove(instance, rows.get(0).total());
		List<Ranks.Row> ranked = rows.stream().map((r) -> new Ranks.Row(r.userId(), r.total())).toList();
		return around(userId, instance, members, above + 1, row.get().total(), Ranks.entries(firstAbove, first, ranked),
				null);
	}

	/**
	 * The answer of a user not on the board, from PostgreSQL: unknown (404), hidden
	 * (their own score, {@code hidden} true), or no score on this board.
	 */
	private AroundView withoutScore(String userId, PeriodInstance instance, long members) {
		UserScores user = this.store.userScores(userId, List.of(instance.global()))
			.orElseThrow(() -> UnknownUserException.neverRecorded(userId));
		if (!user.membership().hidden()) {
			return around(userId, instance, members, null, 0, List.of(), null);
		}
		long score = user.membership().scopes().contains(instance.scope()) ? user.total(instance.global()) : 0;
		return around(userId, instance, members, null, score, List.of(), true);
	}

	private static AroundView around(String userId, PeriodInstance instance, long members, @Nullable Long rank,
			long score, List<BoardPage.Entry> entries, @Nullable Boolean hidden) {
		return new AroundView(userId, instance.period().id(), instance.startDate(), rank, score, members,
				Ranks.topPercent(rank, members), entries, hidden);
	}

	/**
	 * The known users among {@code userIds} (distinct) on one board (a scope's too):
	 * hidden users and, on a scope's board, users of other scopes are left out (they are
	 * not on it; listing them with score 0 would say they scored nothing); members
	 * without a score on the board come last without a rank. Redis answers in one round
	 * trip; only ids that neither the board nor the user cache knows are looked up in
	 * PostgreSQL (a new user, or an unknown id), made-up ids only within the budget of
	 * {@link KnownUsers}. A region or organisation never used lists no one.
	 */
	public Sourced<UsersView> users(PeriodInstance instance, List<String> userIds) {
		return this.path.read(instance, () -> this.windows.standings(instance, userIds).map((standings) -> {
			List<BoardWindows.Standing> onBoard = new ArrayList<>(standings.onBoard());
			onBoard.sort(Comparator.comparingDouble(BoardWindows.Standing::score)
				.thenComparing(BoardWindows.Standing::userId));
			List<UsersView.Entry> entries = new ArrayList<>();
			Set<String> placed = new HashSet<>();
			for (BoardWindows.Standing standing : onBoard) {
				entries.add(new UsersView.Entry(standing.above() + 1, standing.userId(), standing.total()));
				placed.add(standing.userId());
			}
			Set<String> withoutScore = new TreeSet<>(standings.cachedWithoutScore());
			placed.addAll(withoutScore);
			// hidden users and other scopes' users are not on this board, nor listed
			placed.addAll(standings.cachedOffBoard());
			// ids the user cache does not hold either: new users, or made-up ids, which
			// must not all reach PostgreSQL (KnownUsers)
			withoutScore.addAll(this.queries.known(instance.scope(), this.users.worthAsking(notIn(userIds, placed))));
			withoutScore.forEach((id) -> entries.add(new UsersView.Entry(null, id, 0)));
			return new UsersView(instance.period().id(), instance.startDate(), entries);
		}), () -> usersFromPostgres(instance, userIds),
				// no one is in a region or organisation never used
				() -> new UsersView(instance.period().id(), instance.startDate(), List.of()));
	}

	private UsersView usersFromPostgres(PeriodInstance instance, List<String> userIds) {
		List<BoardRow> rows = new ArrayList<>(this.queries.rows(instance, userIds));
		rows.sort(Comparator.comparingLong(BoardRow::total)
			.reversed()
			.thenComparing(BoardRow::reachedAt)
			.thenComparing(BoardRow::userId));
		Set<Long> totals = new LinkedHashSet<>();
		rows.forEach((row) -> totals.add(row.total()));
		Map<Long, Long> above = this.queries.aboveEach(instance, totals);
		List<UsersView.Entry> entries = new ArrayList<>();
		Set<String> placed = new HashSet<>();
		for (BoardRow row : rows) {
			entries.add(new UsersView.Entry(above.get(row.total()) + 1, row.userId(), row.total()));
			placed.add(row.userId());
		}
		new TreeSet<>(this.queries.known(instance.scope(), notIn(userIds, placed)))
			.forEach((id) -> entries.add(new UsersView.Entry(null, id, 0)));
		return new UsersView(instance.period().id(), instance.startDate(), entries);
	}

	private static List<String> notIn(List<String> userIds, Set<String> placed) {
		return userIds.stream().filter((id) -> !placed.contains(id)).toList();
	}

	/**
	 * A user's daily totals of the last {@code days} days up to today, oldest first (days
	 * past retention left out). Always from PostgreSQL: one primary key descent per day.
	 */
	public Sourced<HistoryView> dailyHistory(String userId, int days) {
		requireKnown(userId);
		LocalDate today = this.periods.today();
		LocalDate from = today.minusDays(days - 1L);
		Optional<LocalDate> firstKept = this.retention.firstKeptDay(today);
		if (firstKept.isPresent() && from.isBefore(firstKept.get())) {
			from = firstKept.get();
		}
		List<LocalDate> starts = from.datesUntil(today.plusDays(1)).toList();
		List<HistoryView.Entry> entries = new ArrayList<>(starts.size());
		this.queries.history(Period.DAILY.id(), starts, userId)
			.forEach((start, total) -> entries.add(new HistoryView.Entry(start, total)));
		return new Sourced<>(new HistoryView(userId, Period.DAILY.id(), entries), Source.POSTGRES);
	}

	private void requireKnown(String userId) {
		if (!this.users.known(userId)) {
			throw UnknownUserException.neverRecorded(userId);
		}
	}

}
