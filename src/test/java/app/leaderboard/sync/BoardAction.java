package app.leaderboard.sync;

import java.util.List;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;

/**
 * One step of the model-based test, done to the service and to the model alike
 * ({@link BoardWorld}). Each prints as the Java call that makes it, so that a shrunk
 * chain from a failure report pastes into a regression example as it is:
 * {@code List.of(update("amy", 2, "eu", null), killRedis(), crossMidnight(5))}.
 */
interface BoardAction {

	void run(BoardWorld world);

	/** An update; a null region or org keeps the user's. */
	static BoardAction update(String user, int count, String region, String org) {
		return new Update(user, count, region, org);
	}

	static BoardAction hide(String user) {
		return new Hide(user, true);
	}

	static BoardAction unhide(String user) {
		return new Hide(user, false);
	}

	static BoardAction erase(String user) {
		return new Erase(user);
	}

	/** {@code POST /admin/reset/{period}}. */
	static BoardAction reset(Period period) {
		return new Reset(period);
	}

	/** {@code POST /admin/sync}. */
	static BoardAction sync() {
		return new Sync();
	}

	/** One board rebuilt, as the drift repair, a reset or a cold read rebuilds it. */
	static BoardAction rebuild(Period period, boolean previous, Scope scope) {
		return new Rebuild(period, previous, scope);
	}

	static BoardAction pauseRelay() {
		return new Relay(true);
	}

	static BoardAction resumeRelay() {
		return new Relay(false);
	}

	static BoardAction flushRedis() {
		return new RedisFault(RedisFaults.Kind.FLUSH);
	}

	/** SIGKILL; Redis stays down until a restart (or the chain's end). */
	static BoardAction killRedis() {
		return new RedisFault(RedisFaults.Kind.KILL);
	}

	/** Killed (if up) and started again empty. */
	static BoardAction restartRedisEmpty() {
		return new RedisFault(RedisFaults.Kind.RESTART_EMPTY);
	}

	/** Shut down with a save (if up) and started again with its data. */
	static BoardAction restartRedisWithData() {
		return new RedisFault(RedisFaults.Kind.RESTART_WITH_DATA);
	}

	/** SAVE: what a later {@link #restartRedisFromSave()} brings back. */
	static BoardAction saveRedis() {
		return new RedisFault(RedisFaults.Kind.SAVE);
	}

	/** Killed (if up) and started again with the last save's data: old data. */
	static BoardAction restartRedisFromSave() {
		return new RedisFault(RedisFaults.Kind.RESTART_FROM_SAVE);
	}

	/** {@code DELETE /admin/cache}: the service's own keys go. */
	static BoardAction deleteCache() {
		return new RedisFault(RedisFaults.Kind.DELETE_CACHE);
	}

	/**
	 * {@code background} (a sync, a rebuild or a Redis fault: nothing the model sees)
	 * runs on another thread while {@code foreground} runs here, in order.
	 */
	static BoardAction concurrently(BoardAction background, List<BoardAction> foreground) {
		return new ConcurrentActions(background, List.copyOf(foreground));
	}

	static BoardAction tick(int seconds) {
		return new ClockAction(ClockAction.Boundary.NONE, seconds);
	}

	/** The clock to {@code seconds} after the next midnight (UTC). */
	static BoardAction crossMidnight(int seconds) {
		return new ClockAction(ClockAction.Boundary.DAY, seconds);
	}

	/** The clock to {@code seconds} after the next Monday's midnight. */
	static BoardAction crossWeek(int seconds) {
		return new ClockAction(ClockAction.Boundary.WEEK, seconds);
	}

	/** The clock to {@code seconds} after the first of the next month. */
	static BoardAction crossMonth(int seconds) {
		return new ClockAction(ClockAction.Boundary.MONTH, seconds);
	}

	/**
	 * Writes stop and everything must converge, as at the chain's end: a defect that a
	 * later action would heal shows here.
	 */
	static BoardAction checkpoint() {
		return new Checkpoint();
	}

	record Checkpoint() implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.awaitConverged(BoardModelIntegrationTests.CONVERGE);
		}

		@Override
		public String toString() {
			return "checkpoint()";
		}

	}

	/** Real time passes: the relay, warm-up and drift check get their turns. */
	static BoardAction sleep(int millis) {
		return new Sleep(millis);
	}

	private static String quoted(String value) {
		return (value != null) ? "\"" + value + "\"" : "null";
	}

	record Update(String user, int count, String region, String org) implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.update(this.user, this.count, this.region, this.org);
		}

		@Override
		public String toString() {
			return "update(" + quoted(this.user) + ", " + this.count + ", " + quoted(this.region) + ", "
					+ quoted(this.org) + ")";
		}

	}

	record Hide(String user, boolean hidden) implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.setHidden(this.user, this.hidden);
		}

		@Override
		public String toString() {
			return (this.hidden ? "hide(" : "unhide(") + quoted(this.user) + ")";
		}

	}

	record Erase(String user) implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.erase(this.user);
		}

		@Override
		public String toString() {
			return "erase(" + quoted(this.user) + ")";
		}

	}

	record Reset(Period period) implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.reset(this.period);
		}

		@Override
		public String toString() {
			return "reset(Period." + this.period + ")";
		}

	}

	record Sync() implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.sync();
		}

		@Override
		public String toString() {
			return "sync()";
		}

	}

	record Rebuild(Period period, boolean previous, Scope scope) implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.rebuild(this.period, this.previous, this.scope);
		}

		@Override
		public String toString() {
			String scope = switch (this.scope.kind()) {
				case GLOBAL -> "Scope.GLOBAL";
				case REGION -> "Scope.region(" + quoted(this.scope.name()) + ")";
				case ORG -> "Scope.org(" + quoted(this.scope.name()) + ")";
			};
			return "rebuild(Period." + this.period + ", " + this.previous + ", " + scope + ")";
		}

	}

	record Relay(boolean paused) implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.pauseRelay(this.paused);
		}

		@Override
		public String toString() {
			return this.paused ? "pauseRelay()" : "resumeRelay()";
		}

	}

	record RedisFault(RedisFaults.Kind kind) implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.redisFault(this.kind);
		}

		@Override
		public String toString() {
			return this.kind.call + "()";
		}

	}

	record Sleep(int millis) implements BoardAction {

		@Override
		public void run(BoardWorld world) {
			world.sleep(this.millis);
		}

		@Override
		public String toString() {
			return "sleep(" + this.millis + ")";
		}

	}

}
