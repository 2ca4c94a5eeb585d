package app.leaderboard.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL knows of one user: the version that guards cache writes, the last
 * update time, the user's totals on the given (global) period instances (absent: 0), and
 * their scopes and visibility. {@code left} lists scoped boards the user just left (a
 * move), which Redis must drop them from. {@code rebornAfter} is the version of the
 * erasure this id was recorded anew after (0: never erased): Redis may still hold the
 * erased incarnation's totals, which this state must replace rather than merge with.
 * {@code profile} is the user's name and streak.
 */
public record UserScores(String userId, long version, Instant updatedAt, List<PeriodScore> scores,
		Membership membership, List<PeriodInstance> left, long rebornAfter, Profile profile) {

	public UserScores(String userId, long version, Instant updatedAt, List<PeriodScore> scores, Membership membership,
			List<PeriodInstance> left, long rebornAfter) {
		this(userId, version, updatedAt, scores, membership, left, rebornAfter, Profile.NONE);
	}

	public UserScores(String userId, long version, Instant updatedAt, List<PeriodScore> scores, Membership membership,
			List<PeriodInstance> left) {
		this(userId, version, updatedAt, scores, membership, left, 0);
	}

	public UserScores(String userId, long version, Instant updatedAt, List<PeriodScore> scores, Membership membership) {
		this(userId, version, updatedAt, scores, membership, List.of());
	}

	public UserScores(String userId, long version, Instant updatedAt, List<PeriodScore> scores) {
		this(userId, version, updatedAt, scores, Membership.NONE);
	}

	public long total(PeriodInstance instance) {
		return this.scores.stream()
			.filter((s) -> s.instance().equals(instance))
			.mapToLong(PeriodScore::total)
			.findFirst()
			.orElse(0);
	}

	/**
	 * The user's totals on every board they count on: each global score copied to the
	 * user's region and organisation boards; nothing while they are hidden.
	 */
	public List<PeriodScore> boardScores() {
		List<PeriodScore> all = new ArrayList<>();
		if (this.membership.hidden()) {
			return all;
		}
		for (PeriodScore score : this.scores) {
			for (Scope scope : this.membership.scopes()) {
				all.add(new PeriodScore(score.instance().in(scope), score.total(), score.reachedAt()));
			}
		}
		return all;
	}

	/**
	 * Boards the user must not be on: those just left, and all of theirs while hidden.
	 */
	public List<PeriodInstance> absentFrom() {
		List<PeriodInstance> absent = new ArrayList<>(this.left);
		if (this.membership.hidden()) {
			for (PeriodScore score : this.scores) {
				for (Scope scope : this.membership.scopes()) {
					absent.add(score.instance().in(scope));
				}
			}
		}
		return absent;
	}

	public UserScores leaving(List<PeriodInstance> boards) {
		return new UserScores(this.userId, this.version, this.updatedAt, this.scores, this.membership, boards,
				this.rebornAfter, this.profile);
	}

	public Stats stats(Map<Period, PeriodInstance> current) {
		return new Stats(this.userId, total(current.get(Period.DAILY)), total(current.get(Period.WEEKLY)),
				total(current.get(Period.MONTHLY)), total(current.get(Period.YEARLY)), this.updatedAt,
				this.membership.region(), this.membership.org(), this.profile.displayName(),
				this.profile.streak().view(current.get(Period.DAILY).startDate()));
	}

}
