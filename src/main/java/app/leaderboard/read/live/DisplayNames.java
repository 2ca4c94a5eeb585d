package app.leaderboard.read.live;

import java.util.Collection;
import java.util.Map;

/**
 * The names users show others, for the {@code overtaken_by} entries of the personal feed:
 * one lookup for all the users of an event. Users do not carry names yet, so every name
 * is {@code null}, the feed's value for "no name"; display names come with the names
 * feature (section 11 of the contract), and then this is the one place that reads them.
 */
@FunctionalInterface
interface DisplayNames {

	/** No user has a name. */
	DisplayNames NONE = (userIds) -> Map.of();

	/** The names of those of {@code userIds} that have one; the others are left out. */
	Map<String, String> of(Collection<String> userIds);

}
