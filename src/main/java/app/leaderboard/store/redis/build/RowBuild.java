package app.leaderboard.store.redis.build;

/**
 * A load of rows from PostgreSQL into Redis, swapped in when complete: one key
 * ({@link KeyBuild}) or the buckets of the user cache ({@link UsersBuild}).
 *
 * @param <R> the rows it is made of
 */
public interface RowBuild<R> {

	void add(R row);

	/** Marks what was built loaded and swaps it in. @return rows loaded */
	long complete();

	/**
	 * Keeps what is being built in Redis alive a while longer; the builder's lock calls
	 * it with each of its renewals. False when it is no longer this build's (another
	 * build took it over, or Redis lost it). Nothing to keep alive by default.
	 */
	default boolean keepAlive() {
		return true;
	}

}
