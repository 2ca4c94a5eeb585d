package app.leaderboard.sync;

import org.jspecify.annotations.Nullable;

import app.leaderboard.store.redis.board.RedisChecksums;

/**
 * What a check found of one board ({@link ChecksumCompare}): its members in PostgreSQL
 * (asked for only when it does not match) and in Redis (-1: not loaded), the members it
 * read (in differing buckets), how many it found differing, and a few words for the log.
 */
public record BoardVerdict(Outcome outcome, long postgresMembers, long redisMembers, long read, long differing,
		String why) {

	public enum Outcome {

		/** Redis holds what PostgreSQL holds. */
		MATCHES,

		/** Redis differs from PostgreSQL, whatever was in flight: drift. */
		DIFFERS,

		/**
		 * It differed where writes were in flight, or was being rebuilt: nothing can be
		 * said this time.
		 */
		UNSETTLED,

		/** Not loaded: the warm-up's, not drift. */
		NOT_LOADED

	}

	BoardVerdict withPostgresMembers(long members) {
		return new BoardVerdict(this.outcome, members, this.redisMembers, this.read, this.differing, this.why);
	}

	public boolean differs() {
		return this.outcome == Outcome.DIFFERS;
	}

	/**
	 * The members found differing, as the drift gauge counts them (0 unless it differs).
	 */
	public long drift() {
		return this.differing;
	}

	/**
	 * The verdict Redis's summary alone gives (not loaded, being rebuilt, without a
	 * checksum or with one that does not count its members), or null when the sums must
	 * be compared.
	 */
	static @Nullable BoardVerdict of(RedisChecksums.Summary summary, long postgresMembers) {
		if (!summary.loaded()) {
			return new BoardVerdict(Outcome.NOT_LOADED, 0, -1, 0, 0, "not loaded");
		}
		if (summary.building()) {
			return unsettled(postgresMembers, summary.members(), 0, "being rebuilt");
		}
		if (summary.counted().isEmpty()) {
			return differs(postgresMembers, summary.members(), 0, 1, "it has no checksum");
		}
		if (!summary.selfConsistent()) {
			return differs(postgresMembers, summary.members(), 0,
					Math.abs(summary.members() - summary.counted().getAsLong()),
					"its checksum counts " + summary.counted().getAsLong() + " members, it holds " + summary.members());
		}
		return null;
	}

	/** A board that matches has as many members in PostgreSQL as in Redis. */
	static BoardVerdict matches(long members) {
		return new BoardVerdict(Outcome.MATCHES, members, members, 0, 0, "matches");
	}

	static BoardVerdict differs(long postgresMembers, long redisMembers, long read, long differing, String why) {
		return new BoardVerdict(Outcome.DIFFERS, postgresMembers, redisMembers, read, Math.max(1, differing), why);
	}

	static BoardVerdict unsettled(long postgresMembers, long redisMembers, long read, String why) {
		return new BoardVerdict(Outcome.UNSETTLED, postgresMembers, redisMembers, read, 0, why);
	}

}
