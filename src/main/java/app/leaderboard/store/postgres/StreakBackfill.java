package app.leaderboard.store.postgres;

/**
 * Streaks worked out from the daily totals kept (V1_31 runs the same for the users
 * recorded before streaks existed): for bulk loads, which write totals without going
 * through updates. Each run of consecutive days is an island (a day minus its row number
 * is constant); the last island is the user's run, the longest their longest. Hidden and
 * scoped users alike.
 */
final class StreakBackfill {

	static final String STATEMENT = """
			with days as (
			    select user_id, period_start as day,
			           period_start - (row_number() over (partition by user_id order by period_start))::integer as island
			    from period_totals where period = 'daily'
			), islands as (
			    select user_id, island, count(*)::integer as length, max(day) as last_day
			    from days group by user_id, island
			), streaks as (
			    select user_id, max(length) as longest, max(last_day) as last_day,
			           (array_agg(length order by last_day desc))[1] as run
			    from islands group by user_id
			)
			update users u set streak_run = s.run, streak_longest = s.longest, streak_last_day = s.last_day
			from streaks s where s.user_id = u.user_id
			""";

	private StreakBackfill() {
	}

}
