package app.leaderboard.read.live;

import app.leaderboard.core.Membership;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.read.AroundView;
import app.leaderboard.read.Source;
import app.leaderboard.read.Sourced;
import app.leaderboard.read.StandingReader;

/**
 * A user's standing for the personal feed: on the current instance of the period's board,
 * in the scope the feed follows (the user's current region or organisation when the feed
 * asked for one, so a user who moves takes the feed along), with the board window around
 * them that {@link OvertakenBy} compares. Reads go the way of every rank read: Redis, or
 * PostgreSQL while Redis is down.
 */
final class UserStandings {

	private final StandingReader reader;

	private final Periods periods;

	UserStandings(StandingReader reader, Periods periods) {
		this.reader = reader;
		this.periods = periods;
	}

	/** One read: the scope followed, the board and the standing on it. */
	record Standing(Scope scope, PeriodInstance instance, AroundView view, Source source) {
	}

	/**
	 * The standing now.
	 * @throws app.leaderboard.core.UnknownUserException for a user never recorded, or
	 * erased
	 */
	Standing read(String userId, Period period, Scope asked) {
		Scope scope = followed(asked, this.reader.membership(userId));
		PeriodInstance instance = this.periods.current(period).in(scope);
		Sourced<AroundView> read = this.reader.around(userId, instance, OvertakenBy.WINDOW);
		return new Standing(scope, instance, read.value(), read.source());
	}

	/**
	 * The scope a feed shows: everyone's board for a global feed; for a region's (an
	 * organisation's) feed the user's current region (organisation), or the one asked
	 * while the user has none.
	 */
	static Scope followed(Scope asked, Membership membership) {
		return switch (asked.kind()) {
			case GLOBAL -> asked;
			case REGION -> (membership.region() != null) ? Scope.region(membership.region()) : asked;
			case ORG -> (membership.org() != null) ? Scope.org(membership.org()) : asked;
		};
	}

}
