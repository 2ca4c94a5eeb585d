package app.leaderboard.update;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.springframework.stereotype.Service;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Stats;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.update.PendingUpdate.Written;

/**
 * Records finished pomodoros: PostgreSQL first, in a transaction with an outbox row that
 * concurrent updates share ({@link GroupCommit}); then Redis, best effort. If the Redis
 * write fails or the process dies before it, the outbox relay writes the same absolute
 * values later, so nothing acknowledged is lost.
 */
@Service
class ScoreRecorder {

	private final GroupCommit groupCommit;

	private final BoardQueries queries;

	private final Periods periods;

	ScoreRecorder(GroupCommit groupCommit, BoardQueries queries, Periods periods) {
		this.groupCommit = groupCommit;
		this.queries = queries;
		this.periods = periods;
	}

	/**
	 * @param idempotencyKey optional; a repeat of the same key and body is applied once
	 * @return the user's stats in the current periods after the update
	 */
	Stats record(UpdateRequest request, @Nullable String idempotencyKey) {
		// PostgreSQL keeps microseconds, the Redis user cache milliseconds: use millis
		Instant now = this.periods.now().truncatedTo(ChronoUnit.MILLIS);
		Map<Period, PeriodInstance> instances = this.periods.allAt(now);
		Written written = this.groupCommit.write(new PendingUpdate(request, idempotencyKey, now, instances));
		written.redis().run();
		if (written.recorded() == null) {
			// a repeat: answer with the user's stats as they are now
			return this.queries.userScores(request.userId(), instances.values()).orElseThrow().stats(instances);
		}
		return written.recorded().scores().stats(instances);
	}

}
