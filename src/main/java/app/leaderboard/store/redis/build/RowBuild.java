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

}
