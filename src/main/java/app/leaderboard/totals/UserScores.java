package app.leaderboard.totals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import app.leaderboard.period.Period;
import app.leaderboard.period.PeriodInstance;

/**
 * What PostgreSQL knows of one user: the version that guards cache writes, the last
 * update time and the user's totals on the given period instances (absent: 0).
 */
public record UserScores(String userId, long version, Instant updatedAt, List<PeriodScore> scores) {

	public long total(PeriodInstance instance) {
		return this.scores.stream()
			.filter((s) -> s.instance().equals(instance))
			.mapToLong(PeriodScore::total)
			.findFirst()
			.orElse(0);
	}

	public Stats stats(Map<Period, PeriodInstance> current) {
		return new Stats(this.userId, total(current.get(Period.DAILY)), total(current.get(Period.WEEKLY)),
				total(current.get(Period.MONTHLY)), total(current.get(Period.YEARLY)), this.updatedAt);
	}

}
