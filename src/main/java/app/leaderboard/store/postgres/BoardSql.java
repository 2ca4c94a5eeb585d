package app.leaderboard.store.postgres;

import java.util.ArrayList;
import java.util.List;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Scope;

/**
 * The statements that read one board, for the global board and for a region's or an
 * organisation's. Each one names its scope column and says {@code not hidden}, so that
 * the partial indexes of V1_2 ({@code period_totals_board}, {@code _region},
 * {@code _org}) serve it: a scoped board is an index range exactly like the global one.
 */
final class BoardSql {

	private BoardSql() {
	}

	/** {@code and region = ?}, {@code and org = ?}, or nothing for the global board. */
	static String scoped(Scope scope) {
		return switch (scope.kind()) {
			case GLOBAL -> "";
			case REGION -> " and region = ?";
			case ORG -> " and org = ?";
		};
	}

	/**
	 * The condition that picks a board's rows: its period, start and scope, hidden users
	 * left out. Its arguments are {@link #args}.
	 */
	static String board(Scope scope) {
		return "period = ? and period_start = ?" + scoped(scope) + " and not hidden";
	}

	/** A page of a board in display order: the board index, read in order. */
	static String page(Scope scope) {
		return "select user_id, total, reached_at from period_totals where " + board(scope)
				+ " order by total desc, reached_at, user_id limit ? offset ?";
	}

	/**
	 * Users with a strictly higher total: a sum over the board's histogram (V1_11), about
	 * one row per distinct total above, never a count of the users. Its arguments are
	 * {@link #histogramArgs}, like {@link #ABOVE_EACH}'s.
	 */
	static final String COUNT_ABOVE = "select coalesce(sum(members), 0) from board_histogram "
			+ "where period = ? and period_start = ? and scope = ? and total > ?";

	/** {@link #COUNT_ABOVE} for each of a few totals (a friends list's ranks). */
	static final String ABOVE_EACH = "select t.total, (select coalesce(sum(h.members), 0) from board_histogram h "
			+ "where h.period = ? and h.period_start = ? and h.scope = ? and h.total > t.total) "
			+ "from unnest(?::bigint[]) as t(total)";

	/**
	 * A user's standing in one statement (one round trip and one snapshot, where three
	 * statements cost a fallback rank three): the user's total (null when not on the
	 * board), the users above it ({@link #COUNT_ABOVE}'s sum) and the board's size
	 * ({@link #MEMBERS}). Its arguments are {@link #standingArgs}.
	 */
	static String standing(Scope scope) {
		return "with mine as (" + total(scope) + ") " + "select (select total from mine), "
				+ "(select coalesce(sum(members), 0) from board_histogram "
				+ "where period = ? and period_start = ? and scope = ? and total > (select total from mine)), "
				+ "(select coalesce(sum(members), 0) from board_sizes where period = ? and period_start = ? and scope = ?)";
	}

	/** The arguments of {@link #standing}. */
	static Object[] standingArgs(PeriodInstance board, String userId) {
		List<Object> args = new ArrayList<>(List.of(args(board, userId)));
		args.addAll(List.of(histogramArgs(board)));
		args.addAll(List.of(histogramArgs(board)));
		return args.toArray();
	}

	/** One user's total on a board (none when hidden or in another scope). */
	static String total(Scope scope) {
		return "select total from period_totals where " + board(scope) + " and user_id = ?";
	}

	/** Totals of many users on a board (drift checks). */
	static String totals(Scope scope) {
		return "select user_id, total from period_totals where " + board(scope) + " and user_id = any(?)";
	}

	/**
	 * A whole board in display order, each user with their name (null when none,
	 * docs/api.md, "Exports"): the order of {@link #page}; ranks follow from it as in a
	 * page. The names come from a join, not from a lookup per row: for a whole board
	 * PostgreSQL then hashes the board and reads the users table once, then sorts, where
	 * a lookup per row cost it 8.8 µs a row (95,000 rows/s, bench run 20261206T120908Z);
	 * with a limit (the webhook's top ten) it still reads the board index in order. The
	 * board is a subquery so that its columns are the board's, not the users table's.
	 */
	static String ranked(Scope scope) {
		return "select b.user_id, u.display_name, b.total from (select user_id, total, reached_at from period_totals where "
				+ board(scope)
				+ ") b join users u on u.user_id = b.user_id order by b.total desc, b.reached_at, b.user_id";
	}

	/** A whole board, epoch seconds for the tie-break (rebuilds, full drift checks). */
	static String stream(Scope scope) {
		return "select user_id, total, extract(epoch from reached_at)::bigint from period_totals where " + board(scope);
	}

	/** A board's size from its counter rows: a lookup, never a count of the board. */
	static final String MEMBERS = "select coalesce(sum(members), 0) from board_sizes "
			+ "where period = ? and period_start = ? and scope = ?";

	/**
	 * The sizes of one period instance's region and organisation boards that have
	 * members: a range of board_sizes' primary key, one row per scope with members. The
	 * drift check asks for these instead of one lookup per scope ever used.
	 */
	static final String SCOPED_MEMBERS = "select scope, sum(members) from board_sizes "
			+ "where period = ? and period_start = ? and scope <> '' group by scope having sum(members) <> 0";

	/** The arguments that pick a board, followed by {@code more}. */
	static Object[] args(PeriodInstance board, Object... more) {
		List<Object> args = new ArrayList<>();
		args.add(board.period().id());
		args.add(board.startDate());
		if (!board.scope().global()) {
			args.add(board.scope().name());
		}
		args.addAll(List.of(more));
		return args.toArray();
	}

	/** The arguments that pick a board's histogram, followed by {@code more}. */
	static Object[] histogramArgs(PeriodInstance board, Object... more) {
		List<Object> args = new ArrayList<>(List.of(board.period().id(), board.startDate(), sizeScope(board.scope())));
		args.addAll(List.of(more));
		return args.toArray();
	}

	/**
	 * The scope as board_sizes and board_histogram name it: '' for the global board,
	 * 'region:eu'.
	 */
	static String sizeScope(Scope scope) {
		return scope.global() ? "" : scope.kind().id() + ":" + scope.name();
	}

	/** The scope that {@link #sizeScope} names. */
	static Scope ofSizeScope(String name) {
		if (name.isEmpty()) {
			return Scope.GLOBAL;
		}
		int colon = name.indexOf(':');
		String scopeName = name.substring(colon + 1);
		return name.startsWith(Scope.Kind.REGION.id() + ":") ? Scope.region(scopeName) : Scope.org(scopeName);
	}

}
