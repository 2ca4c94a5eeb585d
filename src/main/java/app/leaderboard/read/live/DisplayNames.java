package app.leaderboard.read.live;

import java.util.Collection;
import java.util.Map;

/**
 * The names users show others, for the {@code overtaken_by} entries of the personal feed:
 * one lookup for all the users of an event (the user cache, then PostgreSQL for those it
 * lacks, as every listing).
 */
@FunctionalInterface
interface DisplayNames {

	/** The names of those of {@code userIds} that have one; the others are left out. */
	Map<String, String> of(Collection<String> userIds);

}
