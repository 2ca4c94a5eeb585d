package app.leaderboard.sync;

import java.util.List;

/**
 * {@link BoardAction#concurrently}: a sync, a rebuild or a Redis fault on another thread
 * while updates, hiding and erasure run here in order, so that the model, which sees only
 * the latter, stays exact.
 */
record ConcurrentActions(BoardAction background, List<BoardAction> foreground) implements BoardAction {

	@Override
	public void run(BoardWorld world) {
		world.concurrently(this.background, this.foreground);
	}

	@Override
	public String toString() {
		return "concurrently(" + this.background + ", List.of("
				+ String.join(", ", this.foreground.stream().map(Object::toString).toList()) + "))";
	}

}
