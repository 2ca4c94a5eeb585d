package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import app.leaderboard.core.Membership;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.PeriodScore;
import app.leaderboard.core.Profile;
import app.leaderboard.core.Scope;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.ScopedUpdates.Addition;
import app.leaderboard.store.postgres.ScopedUpdates.Recorded;

/**
 * The arithmetic of a batch, apart from its SQL: what a user's updates add to each of
 * their totals together, and each update's own answer worked out from the batch's final
 * totals, as if the updates had run one by one. An update's total on a board is the final
 * total less what the same user's later updates of the batch added to that board; its
 * region and organisation are the last ones named up to it. The last update of a user
 * also carries the boards only earlier updates were on (a batch that spans midnight has
 * two daily boards), so that Redis gets every board the batch touched, and, when the user
 * moved, their totals on the boards that just ended, which Redis serves too.
 */
final class BatchAnswers {

	private BatchAnswers() {
	}

	/**
	 * A user's row after the batch; {@code created} by it, or moved from {@code before};
	 * {@code rebornAfter} the erasure a created id came after (see
	 * {@link UserScores#rebornAfter}).
	 */
	record UserState(long version, Membership now, Membership before, boolean created, long rebornAfter,
			Profile profile) {

		UserState(long version, Membership now, Membership before, boolean created) {
			this(version, now, before, created, 0, Profile.NONE);
		}

		boolean moved() {
			return !this.created && !this.now.scopes().equals(this.before.scopes());
		}

	}

	/**
	 * A user's final totals after the batch, by {@link #key}, their outbox row, and, for
	 * a user who moved, their totals on the boards that just ended.
	 */
	record UserTotals(Map<String, Long> totals, long outboxId, List<PeriodScore> ended) {
	}

	/**
	 * What a user's updates of the batch add to one of their totals, reached when the
	 * last of them on that board was made.
	 */
	record Sum(PeriodInstance instance, long count, Instant reachedAt) {
	}

	/** The batch's updates by user, each user's in batch order. */
	static Map<String, List<Addition>> byUser(List<Addition> additions) {
		Map<String, List<Addition>> byUser = new LinkedHashMap<>();
		additions.forEach((a) -> byUser.computeIfAbsent(a.userId(), (id) -> new ArrayList<>()).add(a));
		return byUser;
	}

	/**
	 * One user's updates summed per board, the boards in the order their last update was
	 * made.
	 */
	static List<Sum> sums(List<Addition> own) {
		Map<String, Addition> lastPerInstance = new LinkedHashMap<>();
		Map<String, Long> counts = new HashMap<>();
		Map<String, PeriodInstance> instances = new HashMap<>();
		for (Addition addition : own) {
			for (PeriodInstance instance : addition.instances()) {
				String key = key(instance);
				lastPerInstance.remove(key);
				lastPerInstance.put(key, addition);
				counts.merge(key, addition.count(), Long::sum);
				instances.put(key, instance);
			}
		}
		List<Sum> sums = new ArrayList<>();
		lastPerInstance.forEach((key, last) -> sums
			.add(new Sum(instances.get(key), counts.get(key), last.now().truncatedTo(ChronoUnit.SECONDS))));
		return sums;
	}

	/**
	 * What each update committed, given every user's row and final totals after the
	 * batch.
	 * @return the answers in the order of {@code additions}
	 */
	static List<Recorded> answers(List<Addition> additions, Map<String, UserState> users,
			Map<String, UserTotals> totals) {
		// by identity: two updates may be equal (same user, count and millisecond)
		Map<Addition, Recorded> recorded = new IdentityHashMap<>();
		byUser(additions).forEach((userId, own) -> answer(own, users.get(userId), totals.get(userId), recorded));
		return additions.stream().map(recorded::get).toList();
	}

	/**
	 * Each of one user's updates with the totals right after it: the batch's final total
	 * less what the user's later updates of the batch added to the same board.
	 */
	private static void answer(List<Addition> own, UserState user, UserTotals totals,
			Map<Addition, Recorded> recorded) {
		Set<PeriodInstance> instances = new LinkedHashSet<>();
		own.forEach((a) -> instances.addAll(a.instances()));
		// a mover leaves the old scope's boards that just ended too
		own.forEach((a) -> instances.addAll(a.ended()));
		List<PeriodInstance> leftBoards = new ArrayList<>();
		for (Scope scope : user.now().left(user.before())) {
			instances.forEach((i) -> leftBoards.add(i.in(scope)));
		}
		Map<String, Long> later = new HashMap<>();
		List<Recorded> answers = new ArrayList<>();
		for (int i = own.size() - 1; i >= 0; i--) {
			Addition addition = own.get(i);
			Instant reached = addition.now().truncatedTo(ChronoUnit.SECONDS);
			List<PeriodScore> scores = new ArrayList<>();
			for (PeriodInstance instance : addition.instances()) {
				long total = totals.totals().get(key(instance)) - later.getOrDefault(key(instance), 0L);
				scores.add(new PeriodScore(instance, total, reached));
			}
			if (i == own.size() - 1) {
				// the state Redis gets: also the boards only earlier updates of the batch
				// were on (a batch that spans midnight has two daily boards), and a
				// mover's totals on the boards that just ended
				scores.addAll(onlyEarlier(own, totals));
				Set<PeriodInstance> named = new HashSet<>();
				scores.forEach((score) -> named.add(score.instance()));
				totals.ended().stream().filter((ended) -> !named.contains(ended.instance())).forEach(scores::add);
			}
			addition.instances().forEach((instance) -> later.merge(key(instance), addition.count(), Long::sum));
			UserScores state = new UserScores(addition.userId(), user.version(), addition.now(), scores,
					membershipAfter(own, i, user), leftBoards, user.rebornAfter(), user.profile());
			answers.add(0, new Recorded(state, totals.outboxId(), user.before(), List.of()));
		}
		for (int i = 0; i < own.size(); i++) {
			recorded.put(own.get(i), answers.get(i));
		}
	}

	/**
	 * The user's final totals on the boards that the batch's earlier updates were on and
	 * its last one is not, each reached when the last update on it was made.
	 */
	private static List<PeriodScore> onlyEarlier(List<Addition> own, UserTotals totals) {
		Addition last = last(own);
		Map<PeriodInstance, Instant> reached = new LinkedHashMap<>();
		for (Addition addition : own.subList(0, own.size() - 1)) {
			addition.instances()
				.stream()
				.filter((instance) -> !last.instances().contains(instance))
				.forEach((instance) -> reached.put(instance, addition.now().truncatedTo(ChronoUnit.SECONDS)));
		}
		List<PeriodScore> scores = new ArrayList<>();
		reached
			.forEach((instance, at) -> scores.add(new PeriodScore(instance, totals.totals().get(key(instance)), at)));
		return scores;
	}

	/** The user's scopes right after their {@code index}th update of the batch. */
	private static Membership membershipAfter(List<Addition> own, int index, UserState user) {
		if (index == own.size() - 1) {
			return user.now();
		}
		String region = named(own, index, Addition::region);
		String org = named(own, index, Addition::org);
		return new Membership((region != null) ? region : user.before().region(),
				(org != null) ? org : user.before().org(), user.now().hidden());
	}

	/**
	 * The last region (or organisation) that the user's updates up to {@code index} name;
	 * null when none does (the user keeps theirs).
	 */
	static @Nullable String named(List<Addition> own, int index, Function<Addition, @Nullable String> field) {
		String named = null;
		for (int i = 0; i <= index; i++) {
			named = (field.apply(own.get(i)) != null) ? field.apply(own.get(i)) : named;
		}
		return named;
	}

	/** The last region (or organisation) that any of the user's updates names. */
	static @Nullable String named(List<Addition> own, Function<Addition, @Nullable String> field) {
		return named(own, own.size() - 1, field);
	}

	static Addition last(List<Addition> own) {
		return own.get(own.size() - 1);
	}

	/** A user's total on one period instance, as the batch's statements return it. */
	static String key(PeriodInstance instance) {
		return key(instance.period().id(), instance.startDate());
	}

	static String key(String period, LocalDate start) {
		return period + "/" + start;
	}

}
