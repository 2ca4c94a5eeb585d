package app.leaderboard.sync;

import java.util.List;
import java.util.function.Supplier;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ActionChainArbitrary;
import net.jqwik.api.state.Transformer;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;

/**
 * The actions the model-based test draws, with their weights: mostly updates (first
 * scores, and moves between three regions and two organisations), then the operations and
 * faults that have broken convergence before (hiding, erasure and reuse of an erased id,
 * resets, syncs, single rebuilds, a paused relay, Redis flushed, killed and restarted
 * empty or with its data) and the clock across midnight, a Monday and the first of a
 * month. Real pauses let the relay, warm-up and drift check run between actions.
 */
final class BoardActions {

	private BoardActions() {
	}

	static ActionChainArbitrary<BoardWorld> chains(Supplier<BoardWorld> start, int length) {
		Arbitrary<String> users = Arbitraries.of(BoardWorld.USERS);
		Arbitrary<Integer> afterBoundary = Arbitraries.integers().between(0, 600);
		return ActionChain.startWith(start)
			.withAction(30, step(updates(users)))
			.withAction(3, step(users.map(BoardAction::hide)))
			.withAction(3, step(users.map(BoardAction::unhide)))
			.withAction(3, step(users.map(BoardAction::erase)))
			.withAction(2, step(Arbitraries.of(Period.class).map(BoardAction::reset)))
			.withAction(2, step(Arbitraries.just(BoardAction.sync())))
			.withAction(3, step(rebuilds()))
			.withAction(2, step(Arbitraries.just(BoardAction.pauseRelay())))
			.withAction(2, step(Arbitraries.just(BoardAction.resumeRelay())))
			.withAction(2, step(Arbitraries.just(BoardAction.flushRedis())))
			.withAction(2, step(Arbitraries.just(BoardAction.killRedis())))
			.withAction(2, step(Arbitraries.just(BoardAction.restartRedisEmpty())))
			.withAction(2, step(Arbitraries.just(BoardAction.restartRedisWithData())))
			.withAction(1, step(Arbitraries.just(BoardAction.deleteCache())))
			.withAction(2, step(Arbitraries.just(BoardAction.saveRedis())))
			.withAction(2, step(Arbitraries.just(BoardAction.restartRedisFromSave())))
			.withAction(4, step(concurrently(users)))
			.withAction(5, step(Arbitraries.integers().between(1, 7200).map(BoardAction::tick)))
			.withAction(3, step(afterBoundary.map(BoardAction::crossMidnight)))
			.withAction(1, step(afterBoundary.map(BoardAction::crossWeek)))
			.withAction(1, step(afterBoundary.map(BoardAction::crossMonth)))
			.withAction(3, step(Arbitraries.integers().between(200, 3500).map(BoardAction::sleep)))
			.withAction(3, step(Arbitraries.just(BoardAction.checkpoint())))
			.withMaxTransformations(length);
	}

	/** A first score or more for a user, often naming a region or an organisation. */
	private static Arbitrary<BoardAction> updates(Arbitrary<String> users) {
		return Combinators
			.combine(users, Arbitraries.integers().between(1, 5), Arbitraries.of(BoardWorld.REGIONS).injectNull(0.5),
					Arbitraries.of(BoardWorld.ORGS).injectNull(0.6))
			.as(BoardAction::update);
	}

	/**
	 * Updates, hiding and erasure while a sync, a rebuild or a Redis fault runs: what the
	 * model sees stays in the order given.
	 */
	private static Arbitrary<BoardAction> concurrently(Arbitrary<String> users) {
		Arbitrary<BoardAction> background = Arbitraries.oneOf(Arbitraries.just(BoardAction.sync()), rebuilds(),
				Arbitraries.just(BoardAction.flushRedis()), Arbitraries.just(BoardAction.restartRedisEmpty()),
				Arbitraries.just(BoardAction.restartRedisWithData()), Arbitraries.just(BoardAction.deleteCache()));
		Arbitrary<BoardAction> foreground = Arbitraries.frequencyOf(Tuple.of(6, updates(users)),
				Tuple.of(1, users.map(BoardAction::hide)), Tuple.of(1, users.map(BoardAction::unhide)),
				Tuple.of(1, users.map(BoardAction::erase)));
		return Combinators.combine(background, foreground.list().ofMinSize(1).ofMaxSize(6))
			.as(BoardAction::concurrently);
	}

	/** Any board Redis serves, and the boards of a scope nobody uses yet. */
	private static Arbitrary<BoardAction> rebuilds() {
		List<Scope> scopes = List.of(Scope.GLOBAL, Scope.region("eu"), Scope.region("us"), Scope.region("asia"),
				Scope.org("acme"), Scope.org("globex"));
		return Combinators.combine(Arbitraries.of(Period.class), Arbitraries.of(false, true), Arbitraries.of(scopes))
			.as(BoardAction::rebuild);
	}

	/** An action whose step is named by its Java call, as the failure report shows it. */
	private static Action.Independent<BoardWorld> step(Arbitrary<BoardAction> actions) {
		return () -> actions.map((action) -> Transformer.mutate(action.toString(), (world) -> world.run(action)));
	}

}
