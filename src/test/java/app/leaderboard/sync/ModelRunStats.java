package app.leaderboard.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the model-based test did, for its closing line: chains, actions, faults, waits.
 */
final class ModelRunStats {

	private final long started = System.nanoTime();

	private int chains;

	private long actions;

	private final Map<String, Long> byKind = new TreeMap<>();

	private long refusedUpdates;

	private final List<Long> convergeMillis = new ArrayList<>();

	void chainStarted() {
		this.chains++;
	}

	void action(BoardAction action) {
		this.actions++;
		String kind = action.toString();
		this.byKind.merge(kind.substring(0, kind.indexOf('(')), 1L, Long::sum);
	}

	void refusedUpdate() {
		this.refusedUpdates++;
	}

	void converged(long millis) {
		this.convergeMillis.add(millis);
	}

	long actions() {
		return this.actions;
	}

	String summary() {
		List<Long> sorted = new ArrayList<>(this.convergeMillis);
		sorted.sort(null);
		String converge = sorted.isEmpty() ? "none"
				: "median " + sorted.get(sorted.size() / 2) + " ms, max " + sorted.get(sorted.size() - 1) + " ms";
		return String.format(
				"BOARD MODEL: %d chains (%d converged), %d actions in %d s, %d updates answered 503;%n"
						+ "BOARD MODEL: actions %s;%nBOARD MODEL: convergence after the writes stopped: %s",
				this.chains, this.convergeMillis.size(), this.actions,
				(System.nanoTime() - this.started) / 1_000_000_000, this.refusedUpdates, this.byKind, converge);
	}

}
