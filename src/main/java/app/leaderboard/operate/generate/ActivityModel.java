package app.leaderboard.operate.generate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;

/**
 * How synthetic users behave. Time from the start of the previous year up to now is cut
 * at every boundary of the eight boards generated (current and previous day, week, month,
 * year) into segments; a user's pomodoros are drawn per segment, and a board's total is
 * the sum of the segments it covers. So the boards agree with each other the way real
 * ones do (today's count is part of this week's, this month's and this year's).
 *
 * <p>
 * Per user: a join time, for about a third a time they stopped, and a daily rate from a
 * Pareto distribution (α = 1.4): most users do well under one pomodoro a day, a few do a
 * dozen or more. Small integer totals make ties common. Each user is drawn from its own
 * random stream (seed and user number), so the same seed gives the same users however the
 * work is split.
 */
final class ActivityModel {

	/** Pareto shape of the daily rate: smaller means a longer tail. */
	private static final double RATE_SHAPE = 1.4;

	/** Pareto minimum of the daily rate (pomodoros per day). */
	private static final double RATE_MIN = 0.3;

	/** Nobody does more pomodoros a day than fit in a waking day. */
	private static final double RATE_MAX = 24;

	private static final double CHURNED = 0.35;

	private static final double SECONDS_PER_DAY = 86_400;

	private final long seed;

	private final Instant now;

	private final List<PeriodInstance> boards;

	/** Segment boundaries: segment k is [bounds[k], bounds[k+1]). */
	private final long[] bounds;

	/** For each board, the first and the last segment (inclusive) it covers. */
	private final int[][] covers;

	private final long joinFrom;

	/**
	 * @param now the moment the data is generated for: the same seed and moment give the
	 * same users, row for row
	 */
	public ActivityModel(long seed, Instant now, Periods periods) {
		this.seed = seed;
		this.now = now.truncatedTo(ChronoUnit.SECONDS);
		List<PeriodInstance> all = new ArrayList<>();
		for (Period period : Period.values()) {
			PeriodInstance current = periods.at(period, this.now);
			all.add(current);
			all.add(periods.at(period, current.start().minusSeconds(1)));
		}
		this.boards = List.copyOf(all);
		TreeSet<Long> cuts = new TreeSet<>();
		cuts.add(this.now.getEpochSecond());
		for (PeriodInstance board : this.boards) {
			cuts.add(board.start().getEpochSecond());
			cuts.add(Math.min(board.end().getEpochSecond(), this.now.getEpochSecond()));
		}
		this.bounds = cuts.stream().mapToLong(Long::longValue).toArray();
		this.covers = new int[this.boards.size()][];
		for (int b = 0; b < this.boards.size(); b++) {
			long start = this.boards.get(b).start().getEpochSecond();
			long end = Math.min(this.boards.get(b).end().getEpochSecond(), this.now.getEpochSecond());
			int first = indexOf(start);
			int last = indexOf(end) - 1;
			this.covers[b] = new int[] { first, last };
		}
		this.joinFrom = this.bounds[0] - Duration.ofDays(180).toSeconds();
	}

	private int indexOf(long bound) {
		for (int i = 0; i < this.bounds.length; i++) {
			if (this.bounds[i] == bound) {
				return i;
			}
		}
		throw new IllegalStateException("not a segment bound: " + bound);
	}

	/** The boards generated: current and previous instance of each period. */
	public List<PeriodInstance> boards() {
		return this.boards;
	}

	public Instant now() {
		return this.now;
	}

	/**
	 * User ids are {@code user-1} to {@code user-N}: valid ids, and easy to find again.
	 */
	public static String userId(long number) {
		return "user-" + number;
	}

	/**
	 * User {@code number} (1-based). {@code totals[b]} is the total on
	 * {@code boards().get(b)} (0: not on that board) and {@code reachedAt[b]} when it was
	 * reached, in epoch seconds.
	 */
	public User user(long number) {
		SplittableRandom random = new SplittableRandom(this.seed * 0x9E3779B97F4A7C15L + number);
		long nowSecond = this.now.getEpochSecond();
		long joined = this.joinFrom + (long) (random.nextDouble() * (nowSecond - 60 - this.joinFrom));
		long stopped = (random.nextDouble() < CHURNED) ? joined + (long) (random.nextDouble() * (nowSecond - joined))
				: nowSecond;
		double rate = Math.min(RATE_MAX, RATE_MIN * Math.pow(1 - random.nextDouble(), -1 / RATE_SHAPE));
		int segments = this.bounds.length - 1;
		long[] counts = new long[segments];
		long[] reached = new long[segments];
		long sum = 0;
		for (int s = 0; s < segments; s++) {
			long from = Math.max(this.bounds[s], joined);
			long to = Math.min(this.bounds[s + 1], stopped);
			if (to <= from) {
				continue;
			}
			counts[s] = poisson(random, rate * (to - from) / SECONDS_PER_DAY);
			if (counts[s] > 0) {
				reached[s] = from + (long) (random.nextDouble() * (to - from));
				sum += counts[s];
			}
		}
		if (sum == 0) {
			// a user exists because of a first update: give them one, where they joined
			int s = Math.max(0, segmentOf(Math.max(joined, this.bounds[0])));
			counts[s] = 1;
			long from = Math.max(this.bounds[s], joined);
			reached[s] = from + (long) (random.nextDouble() * (this.bounds[s + 1] - from));
			sum = 1;
		}
		long[] totals = new long[this.boards.size()];
		long[] reachedAt = new long[this.boards.size()];
		long updated = 0;
		for (int b = 0; b < totals.length; b++) {
			for (int s = this.covers[b][0]; s <= this.covers[b][1]; s++) {
				if (counts[s] > 0) {
					totals[b] += counts[s];
					reachedAt[b] = reached[s];
				}
			}
			updated = Math.max(updated, reachedAt[b]);
		}
		// each update carries a few pomodoros; the version counts updates
		long version = Math.max(1, (sum + 1) / 2);
		return new User(userId(number), version, Math.min(joined, updated), updated, totals, reachedAt);
	}

	private int segmentOf(long second) {
		for (int s = 0; s + 1 < this.bounds.length; s++) {
			if (second >= this.bounds[s] && second < this.bounds[s + 1]) {
				return s;
			}
		}
		return this.bounds.length - 2;
	}

	/**
	 * Knuth's method for small means; a rounded normal beyond, where it is close enough.
	 */
	static long poisson(SplittableRandom random, double mean) {
		if (mean <= 0) {
			return 0;
		}
		if (mean > 30) {
			double gaussian = Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
					* Math.cos(2 * Math.PI * random.nextDouble());
			return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian));
		}
		double limit = Math.exp(-mean);
		double product = random.nextDouble();
		long count = 0;
		while (product > limit) {
			product *= random.nextDouble();
			count++;
		}
		return count;
	}

	/** One synthetic user; times in epoch seconds, one total per board (0: absent). */
	public record User(String userId, long version, long createdAt, long updatedAt, long[] totals, long[] reachedAt) {
	}

}
