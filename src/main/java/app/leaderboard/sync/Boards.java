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
 * every region and organisation ever used. Full syncs, the warm-up, drift checks and
 * resets walk through these.
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
	 * Whether Redis keeps this board (any scope): the current one and the one that just
	 * ended (CONTRACT.md 6.1). Older ones are read from PostgreSQL, never loaded.
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
