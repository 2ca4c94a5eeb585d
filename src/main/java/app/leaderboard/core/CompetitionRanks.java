package app.leaderboard.core;

/**
 * Competition ranks (1, 2, 2, 4) of a board read in display order from its top: a user
 * who ties the one before shares their rank, anyone else stands at their position. For
 * readers that walk a whole board (exports, the webhook's top ten).
 */
public final class CompetitionRanks {

	private long position;

	private long rank;

	private long previousTotal;

	/** The rank of the next user on the board, whose total is {@code total}. */
	public long next(long total) {
		this.position++;
		if (this.position == 1 || total != this.previousTotal) {
			this.rank = this.position;
			this.previousTotal = total;
		}
		return this.rank;
	}

}
