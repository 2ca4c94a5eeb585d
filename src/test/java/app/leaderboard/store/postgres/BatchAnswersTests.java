package app.leaderboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import app.leaderboard.core.Membership;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.PeriodScore;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.BatchAnswers.Sum;
import app.leaderboard.store.postgres.BatchAnswers.UserState;
import app.leaderboard.store.postgres.BatchAnswers.UserTotals;
import app.leaderboard.store.postgres.ScopedUpdates.Addition;
import app.leaderboard.store.postgres.ScopedUpdates.Recorded;

/**
 * Each update of a batch answers with the user's state right after it, as if the batch's
 * updates had run one by one, although PostgreSQL only adds their sums. Here the
 * statements are played by {@link #commit}: the totals before the batch plus what
 * {@link BatchAnswers#sums} adds, which is what the batch's statement returns.
 */
class BatchAnswersTests {

	private static final Periods PERIODS = new Periods(Clock.systemUTC(), ZoneOffset.UTC);

	private static final Membership EU = new Membership("eu", null, false);

	private static final Membership US = new Membership("us", null, false);

	/** Every user's totals before the batch, by {@link BatchAnswers#key}. */
	private final Map<String, Map<String, Long>> before = new HashMap<>();

	/** Every user's row after the batch. */
	private final Map<String, UserState> users = new HashMap<>();

	/**
	 * A mover's totals on the boards that just ended, as the move statement reads them.
	 */
	private final Map<String, List<PeriodScore>> ended = new HashMap<>();

	@Test
	void aUsersSeveralUpdatesEachAnswerWithTheTotalRightAfterIt() {
		existing("alice", 7, Membership.NONE, Membership.NONE, 2);
		List<Addition> batch = List.of(update("alice", 1, "2026-11-25T10:00:00.100Z"),
				update("alice", 3, "2026-11-25T10:00:00.400Z"), update("alice", 5, "2026-11-25T10:00:01.900Z"));

		List<Recorded> answers = commit(batch);

		assertThat(answers).extracting((a) -> daily(a)).containsExactly(3L, 6L, 11L);
		assertThat(answers).extracting((a) -> total(a, Period.YEARLY)).containsExactly(3L, 6L, 11L);
		// each reached when it was made, to the second (the tie-break)
		assertThat(answers).extracting((a) -> a.scores().scores().get(0).reachedAt())
			.containsExactly(Instant.parse("2026-11-25T10:00:00Z"), Instant.parse("2026-11-25T10:00:00Z"),
					Instant.parse("2026-11-25T10:00:01Z"));
		assertThat(answers).extracting((a) -> a.scores().version()).containsOnly(7L);
		assertThat(answers).extracting(Recorded::outboxId).containsOnly(answers.get(0).outboxId());
		assertThat(answers.get(2).scores().left()).isEmpty();
		// PostgreSQL adds one sum per board, reached at the last update
		assertThat(BatchAnswers.sums(batch)).extracting(Sum::count).containsExactly(9L, 9L, 9L, 9L);
		assertThat(BatchAnswers.sums(batch)).extracting(Sum::reachedAt)
			.containsOnly(Instant.parse("2026-11-25T10:00:01Z"));
	}

	@Test
	void twoEqualUpdatesOfOneUserAreAnsweredOneByOne() {
		existing("alice", 7, Membership.NONE, Membership.NONE, 0);
		Addition once = update("alice", 1, "2026-11-25T10:00:00Z");
		Addition again = update("alice", 1, "2026-11-25T10:00:00Z");
		assertThat(once).isEqualTo(again);

		assertThat(commit(List.of(once, again))).extracting((a) -> daily(a)).containsExactly(1L, 2L);
	}

	@Test
	void twoUsersInterleavedWithAMoveFromEuToUsEachAnswerWithTheirOwnTotalAndRegion() {
		existing("dana", 42, US, EU, 2);
		created("erin", 43, Membership.NONE);
		List<Addition> batch = List.of(update("dana", 3, "2026-11-25T10:00:00Z"),
				update("erin", 1, "2026-11-25T10:00:00Z"), update("dana", 4, "2026-11-25T10:00:00Z", "us", null),
				update("erin", 1, "2026-11-25T10:00:00Z"), update("dana", 5, "2026-11-25T10:00:00Z"));

		List<Recorded> answers = commit(batch);

		assertThat(answers).extracting((a) -> a.scores().userId())
			.containsExactly("dana", "erin", "dana", "erin", "dana");
		assertThat(answers).extracting((a) -> daily(a)).containsExactly(5L, 1L, 9L, 2L, 14L);
		assertThat(answers).extracting((a) -> a.scores().membership().region())
			.containsExactly("eu", null, "us", null, "us");
		assertThat(answers).extracting((a) -> a.scores().version()).containsExactly(42L, 43L, 42L, 43L, 42L);
		assertThat(answers).extracting(Recorded::before).containsExactly(EU, Membership.NONE, EU, Membership.NONE, EU);
		assertThat(answers.get(0).outboxId()).isNotEqualTo(answers.get(1).outboxId());
		// Redis drops dana from every eu board her batch was on, and from those that just
		// ended
		assertThat(answers.get(4).scores().left()).containsExactlyInAnyOrderElementsOf(
				servedBoards("2026-11-25T10:00:00Z").stream().map((i) -> i.in(Scope.region("eu"))).toList());
		assertThat(answers.get(3).scores().left()).isEmpty();
	}

	@Test
	void aMoveBetweenRegionsAndOrganisationsMidBatchChangesTheScopesFromThatUpdateOn() {
		Membership eu = new Membership("eu", "acme", false);
		Membership us = new Membership("us", "globex", false);
		existing("frank", 9, us, eu, 10);
		List<Addition> batch = List.of(update("frank", 1, "2026-11-25T10:00:00Z"),
				update("frank", 2, "2026-11-25T10:00:00Z", null, "globex"),
				update("frank", 3, "2026-11-25T10:00:00Z", "us", null), update("frank", 4, "2026-11-25T10:00:00Z"));

		List<Recorded> answers = commit(batch);

		assertThat(answers).extracting((a) -> daily(a)).containsExactly(11L, 13L, 16L, 20L);
		assertThat(answers).extracting((a) -> a.scores().membership())
			.containsExactly(eu, new Membership("eu", "globex", false), us, us);
		List<PeriodInstance> left = new ArrayList<>();
		for (Scope scope : List.of(Scope.region("eu"), Scope.org("acme"))) {
			servedBoards("2026-11-25T10:00:00Z").forEach((i) -> left.add(i.in(scope)));
		}
		assertThat(answers.get(3).scores().left()).containsExactlyInAnyOrderElementsOf(left);
		assertThat(BatchAnswers.named(batch, Addition::region)).isEqualTo("us");
		assertThat(BatchAnswers.named(batch, Addition::org)).isEqualTo("globex");
	}

	@Test
	void aBatchThatSpansMidnightAnswersEachDayAndGivesRedisBoth() {
		existing("dana", 5, Membership.NONE, Membership.NONE, 0);
		List<Addition> batch = List.of(update("dana", 2, "2026-11-25T23:59:59Z"),
				update("dana", 3, "2026-11-26T00:00:01Z"));

		List<Recorded> answers = commit(batch);

		assertThat(daily(answers.get(0))).isEqualTo(2);
		assertThat(total(answers.get(0), Period.WEEKLY)).isEqualTo(2);
		assertThat(daily(answers.get(1))).isEqualTo(3);
		assertThat(total(answers.get(1), Period.WEEKLY)).isEqualTo(5);
		// the last answer, the state Redis gets, also carries the day only the first was
		// on
		PeriodInstance yesterday = PERIODS.of(Period.DAILY, LocalDate.parse("2026-11-25"));
		assertThat(answers.get(1).scores().scores())
			.contains(new PeriodScore(yesterday, 2, Instant.parse("2026-11-25T23:59:59Z")));
		assertThat(answers.get(1).scores().scores()).hasSize(5);
		assertThat(answers.get(0).scores().scores()).hasSize(4);
		assertThat(BatchAnswers.sums(batch)).extracting((s) -> s.instance().period(), Sum::count)
			.containsExactlyInAnyOrder(tuple(Period.DAILY, 2L), tuple(Period.DAILY, 3L), tuple(Period.WEEKLY, 5L),
					tuple(Period.MONTHLY, 5L), tuple(Period.YEARLY, 5L));
	}

	@Test
	void aMoverTakesTheirTotalsOnTheBoardsThatJustEndedAlong() {
		existing("dana", 42, US, EU, 2);
		PeriodInstance yesterday = PERIODS.of(Period.DAILY, LocalDate.parse("2026-11-24"));
		PeriodInstance lastYear = PERIODS.of(Period.YEARLY, LocalDate.parse("2025-01-01"));
		this.ended.put("dana", List.of(new PeriodScore(yesterday, 6, Instant.parse("2026-11-24T20:00:00Z")),
				new PeriodScore(lastYear, 80, Instant.parse("2025-12-31T09:00:00Z"))));
		List<Addition> batch = List.of(update("dana", 3, "2026-11-25T10:00:00Z", "us", null),
				update("dana", 1, "2026-11-25T10:00:01Z"));

		List<Recorded> answers = commit(batch);

		// the state Redis gets: today's totals, and yesterday's and last year's as they
		// are
		assertThat(answers.get(1).scores().scores()).contains(
				new PeriodScore(yesterday, 6, Instant.parse("2026-11-24T20:00:00Z")),
				new PeriodScore(lastYear, 80, Instant.parse("2025-12-31T09:00:00Z")));
		assertThat(answers.get(1).scores().scores()).hasSize(6);
		assertThat(answers.get(1).scores().total(yesterday)).isEqualTo(6);
		assertThat(daily(answers.get(1))).isEqualTo(6);
		assertThat(answers.get(0).scores().scores()).hasSize(4);
		// off every eu board Redis serves, the ones that just ended too
		assertThat(answers.get(1).scores().left())
			.containsExactlyInAnyOrderElementsOf(
					servedBoards("2026-11-25T10:00:01Z").stream().map((i) -> i.in(Scope.region("eu"))).toList())
			.contains(yesterday.in(Scope.region("eu")), lastYear.in(Scope.region("eu")));
	}

	@Test
	void aMoverWhoseBatchSpansMidnightKeepsTheBatchsOwnTotalOnYesterdaysBoard() {
		existing("dana", 5, US, EU, 0);
		PeriodInstance yesterday = PERIODS.of(Period.DAILY, LocalDate.parse("2026-11-25"));
		// what the move read, before the batch added to yesterday
		this.ended.put("dana", List.of(new PeriodScore(yesterday, 4, Instant.parse("2026-11-25T20:00:00Z"))));
		this.before.put("dana", Map.of(BatchAnswers.key(yesterday), 4L));
		List<Addition> batch = List.of(update("dana", 2, "2026-11-25T23:59:59Z", "us", null),
				update("dana", 3, "2026-11-26T00:00:01Z"));

		List<Recorded> answers = commit(batch);

		assertThat(answers.get(1).scores().scores()).filteredOn((s) -> s.instance().equals(yesterday))
			.containsExactly(new PeriodScore(yesterday, 6, Instant.parse("2026-11-25T23:59:59Z")));
	}

	@Test
	void aFirstScoreIsTheCountInTheScopesTheUpdateNames() {
		created("gina", 1, EU);
		Addition first = update("gina", 4, "2026-11-25T10:00:00.750Z", "eu", null);

		Recorded answer = commit(List.of(first)).get(0);

		assertThat(answer.scores().scores()).extracting(PeriodScore::total).containsOnly(4L);
		assertThat(answer.scores().scores()).extracting(PeriodScore::reachedAt)
			.containsOnly(Instant.parse("2026-11-25T10:00:00Z"));
		assertThat(answer.scores().updatedAt()).isEqualTo(first.now());
		assertThat(answer.scores().membership()).isEqualTo(EU);
		assertThat(answer.scores().left()).isEmpty();
		assertThat(answer.before()).isEqualTo(Membership.NONE);
		assertThat(this.users.get("gina").moved()).isFalse();
	}

	/**
	 * What the batch's statements do: each user's totals before the batch plus the sums
	 * of their updates, with an outbox row per user.
	 */
	private List<Recorded> commit(List<Addition> batch) {
		Map<String, UserTotals> totals = new HashMap<>();
		BatchAnswers.byUser(batch).forEach((userId, own) -> {
			Map<String, Long> after = new HashMap<>(this.before.getOrDefault(userId, Map.of()));
			BatchAnswers.sums(own)
				.forEach((sum) -> after.merge(BatchAnswers.key(sum.instance()), sum.count(), Long::sum));
			totals.put(userId, new UserTotals(after, 100 + totals.size(), this.ended.getOrDefault(userId, List.of())));
		});
		return BatchAnswers.answers(batch, this.users, totals);
	}

	/** A user the batch finds, with the same total on every board of the batch's day. */
	private void existing(String userId, long version, Membership now, Membership before, long total) {
		this.users.put(userId, new UserState(version, now, before, false));
		Map<String, Long> totals = new HashMap<>();
		if (total > 0) {
			instances("2026-11-25T10:00:00Z").forEach((i) -> totals.put(BatchAnswers.key(i), total));
		}
		this.before.put(userId, totals);
	}

	private void created(String userId, long version, Membership now) {
		this.users.put(userId, new UserState(version, now, Membership.NONE, true));
	}

	private static Addition update(String userId, long count, String at) {
		return update(userId, count, at, null, null);
	}

	private static Addition update(String userId, long count, String at, @Nullable String region,
			@Nullable String org) {
		List<PeriodInstance> current = instances(at);
		return new Addition(userId, count, Instant.parse(at), current, region, org,
				current.stream().map(PERIODS::previous).toList());
	}

	private static List<PeriodInstance> instances(String at) {
		return List.copyOf(PERIODS.allAt(Instant.parse(at)).values());
	}

	/**
	 * The boards Redis serves at that moment: the current ones and the ones just ended.
	 */
	private static List<PeriodInstance> servedBoards(String at) {
		List<PeriodInstance> served = new ArrayList<>(instances(at));
		instances(at).forEach((i) -> served.add(PERIODS.previous(i)));
		return served;
	}

	private static long daily(Recorded answer) {
		return total(answer, Period.DAILY);
	}

	/** The answer's total on its own board of the period (the first one it names). */
	private static long total(Recorded answer, Period period) {
		return answer.scores()
			.scores()
			.stream()
			.filter((s) -> s.instance().period() == period)
			.findFirst()
			.orElseThrow()
			.total();
	}

}
