package app.leaderboard.sync;

import static app.leaderboard.sync.BoardAction.crossMidnight;
import static app.leaderboard.sync.BoardAction.erase;
import static app.leaderboard.sync.BoardAction.hide;
import static app.leaderboard.sync.BoardAction.killRedis;
import static app.leaderboard.sync.BoardAction.restartRedisEmpty;
import static app.leaderboard.sync.BoardAction.restartRedisWithData;
import static app.leaderboard.sync.BoardAction.sleep;
import static app.leaderboard.sync.BoardAction.update;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.state.ActionChain;

import app.leaderboard.support.ProcessGroup;

/**
 * The model-based test (docs/consistency.md, "The model-based test"): random chains of
 * updates, moves between scopes, hiding, erasure, resets, syncs, rebuilds, a paused
 * relay, Redis faults and a clock that crosses midnight, a week and a month, against one
 * service instance on a real PostgreSQL and a real redis-server. After each chain (and at
 * the checkpoints drawn within it) the writes stop, and PostgreSQL must equal the
 * {@link BoardModel} at once, and every board Redis serves (current and previous
 * instances, every scope), each user's stats and ranks within {@link #CONVERGE}, with no
 * admin call.
 * <p>
 * In {@code ./mvnw verify} it runs {@value #TRIES} chains of {@value #ACTIONS} actions
 * from seed {@value #SEED}; {@code ./mvnw test -Pmodel} runs it long
 * ({@link ModelRunLength}). A chain jqwik found and shrank stays below as an example that
 * replays it.
 */
class BoardModelIntegrationTests {

	static final String SEED = "20261125";

	static final int TRIES = 12;

	static final int ACTIONS = 30;

	/**
	 * What docs/consistency.md promises once writes stop: two drift intervals (1 s here)
	 * and a rebuild, after the relay's 3 s, with room for a busy machine.
	 */
	static final Duration CONVERGE = Duration.ofSeconds(20);

	private static final ProcessGroup processes = new ProcessGroup();

	private static BoardWorld world;

	@BeforeContainer
	static void start() {
		Path directory = Path.of("target", "board-model", UUID.randomUUID().toString());
		world = BoardWorld.start(directory, processes);
	}

	@AfterContainer
	static void stop() {
		if (world != null) {
			System.out.println(world.stats.summary());
		}
		processes.close();
	}

	// a fixed seed, not the sample or seed of a failure remembered from an earlier run
	@Property(seed = SEED, tries = TRIES, shrinking = ShrinkingMode.BOUNDED,
			afterFailure = AfterFailureMode.RANDOM_SEED)
	@AddLifecycleHook(ModelRunLength.class)
	void everyBoardRedisServesConvergesToTheModel(@ForAll("chains") ActionChain<BoardWorld> chain) {
		try {
			chain.run().awaitConverged(CONVERGE);
		}
		catch (AssertionError ex) {
			// each failing chain as it happens, shrunk ones too: jqwik reports the
			// smallest only at the end, which may be many minutes later
			System.out.println("BOARD MODEL: a chain failed: " + ex.getMessage());
			throw ex;
		}
	}

	@Provide
	Arbitrary<ActionChain<BoardWorld>> chains() {
		return BoardActions.chains(world::fresh, ModelRunLength.actions());
	}

	/**
	 * A hand-written chain: first scores, a move, hiding, erasure, Redis down at
	 * midnight.
	 */
	@Example
	void movesHidingAndErasureAcrossMidnightWithRedisDown() {
		replay(List.of(update("amy", 3, "eu", "acme"), update("Ben", 3, "eu", null), update("cat", 1, null, null),
				hide("cat"), killRedis(), crossMidnight(5), update("amy", 2, "us", null), erase("Ben"),
				update("Ben", 1, null, "globex")));
	}

	/**
	 * Found by the chains, shrunk by hand from 27 actions: Redis saved and restarted
	 * while the warm-up builds the boards brings back a builder's lock without its
	 * holder. Until the lock expires (30 s) that board is not built; a board-loader
	 * thread (there are two) that meets such a lock waited for it, every other cold board
	 * queued behind was read from PostgreSQL meanwhile, and the maintenance tick (outbox
	 * relay, user cache) waited for the queued loads. Now the instance breaks a lock of
	 * its own that no work of its own holds. The timing catches a build about one run in
	 * three, so the chain is replayed four times.
	 */
	@Example
	void aBuildersLockRestoredWithRedisDataHoldsNoBoardBackForLong() {
		List<BoardAction> chain = List.of(update("amy", 1, "us", "acme"), update("Ben", 1, "eu", "globex"),
				update("cat", 1, "asia", null), restartRedisEmpty(), sleep(300), restartRedisWithData());
		for (int run = 0; run < 4; run++) {
			replay(chain);
		}
	}

	private static void replay(List<BoardAction> actions) {
		world.fresh();
		actions.forEach(world::run);
		world.awaitConverged(CONVERGE);
	}

}
