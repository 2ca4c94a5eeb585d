package app.leaderboard.sync;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.ScopeRegistry;

/**
 * The boards that exist right now: the four current global boards and the same four for
 * every region and organisation ever used, and the boards Redis serves besides them, the
 * instances that just ended (docs/consistency.md, "Every board Redis serves"). The
 * warm-up and resets walk through the current ones; full syncs, drift checks and the
 * start-up compare through every one served.
 */
@Component
public class Boards {

	private final Periods periods;

	private final ScopeRegistry scopes;

	public Boards(Periods periods, ScopeRegistry scopes) {
		this.periods = periods;
		this.scopes = scopes;
	}

	/** Every current board, global ones first. */
	public List<PeriodInstance> current() {
		List<PeriodInstance> boards = new ArrayList<>(this.periods.currentAll().values());
		List<Scope> scoped = this.scopes.scopes();
		for (PeriodInstance global : this.periods.currentAll().values()) {
			scoped.forEach((scope) -> boards.add(global.in(scope)));
		}
		return boards;
	}

	/**
	 * Every board Redis serves: each period's current and previous instance, global ones
	 * first, then each of them for every region and organisation ever used.
	 */
	public List<PeriodInstance> served() {
		List<PeriodInstance> globals = servedGlobal();
		List<PeriodInstance> boards = new ArrayList<>(globals);
		List<Scope> scoped = this.scopes.scopes();
		for (PeriodInstance global : globals) {
			scoped.forEach((scope) -> boards.add(global.in(scope)));
		}
		return boards;
	}

	/** The global boards Redis serves: each period's current and previous instance. */
	public List<PeriodInstance> servedGlobal() {
		List<PeriodInstance> boards = new ArrayList<>();
		for (PeriodInstance current : this.periods.currentAll().values()) {
			boards.add(current);
			boards.add(this.periods.previous(current));
		}
		return boards;
	}

	/** Every region and organisation ever used. */
	public List<Scope> scopes() {
		return this.scopes.scopes();
	}

	/**
	 * Whether Redis keeps this board (any scope): the current one and the one that just
	 * ended (docs/api.md). Older ones are read from PostgreSQL, never loaded.
	 */
	public boolean kept(PeriodInstance instance) {
		PeriodInstance current = this.periods.current(instance.period());
		return instance.startDate().equals(current.startDate())
				|| instance.startDate().equals(this.periods.previous(current).startDate());
	}

	/** The scoped boards of one period instance. */
	public List<PeriodInstance> scoped(PeriodInstance global) {
		return this.scopes.scopes().stream().map(global::in).toList();
	}

}
