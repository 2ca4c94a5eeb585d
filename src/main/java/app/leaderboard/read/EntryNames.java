package app.leaderboard.read;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

import app.leaderboard.store.postgres.StreakQueries;
import app.leaderboard.store.redis.board.RedisBoardReads;
import app.leaderboard.store.redis.connection.RedisUnavailableException;

/**
 * The names on a listing's entries, from where the listing came: a listing Redis served
 * takes them from the user cache (one pipelined round trip), asking PostgreSQL only for
 * users the cache lacks; a listing PostgreSQL served takes them from PostgreSQL. Both
 * hold the name before a change of it is acknowledged.
 */
@Component
public class EntryNames {

	private final RedisBoardReads redis;

	private final StreakQueries store;

	private final ReadPath path;

	EntryNames(RedisBoardReads redis, StreakQueries store, ReadPath path) {
		this.redis = redis;
		this.store = store;
		this.path = path;
	}

	/** User id to name, for the users that have one. */
	public Map<String, String> of(Collection<String> userIds, Source source) {
		return lookUp(userIds, source).byUser();
	}

	/**
	 * Names found, and whether every user's was: false when PostgreSQL could not give
	 * those the user cache lacks (a listing Redis served shows them without a name
	 * meanwhile, which must not be kept: {@link NearCache}).
	 */
	record Found(Map<String, String> byUser, boolean complete) {
	}

	private Found lookUp(Collection<String> userIds, Source source) {
		Map<String, String> names = new HashMap<>();
		if (userIds.isEmpty()) {
			return new Found(names, true);
		}
		Set<String> missing = new LinkedHashSet<>(userIds);
		if (source == Source.REDIS) {
			try {
				Map<String, Optional<String>> cached = this.redis.names(userIds);
				cached.forEach((userId, name) -> name.ifPresent((n) -> names.put(userId, n)));
				missing.removeAll(cached.keySet());
			}
			catch (RedisUnavailableException ex) {
				// PostgreSQL has them all
			}
		}
		if (!missing.isEmpty()) {
			try {
				names.putAll(this.path.fromPostgres(() -> this.store.names(missing)));
			}
			catch (DataAccessException ex) {
				if (source == Source.POSTGRES) {
					throw ex;
				}
				// a listing Redis served still answers while PostgreSQL is away: the
				// names
				// the cache lacks stay null until it is back
				return new Found(names, false);
			}
		}
		return new Found(names, true);
	}

	Sourced<BoardPage> page(Sourced<BoardPage> read) {
		return named(read).page();
	}

	/** A page with its names, and whether each was found. */
	record Named(Sourced<BoardPage> page, boolean complete) {
	}

	Named named(Sourced<BoardPage> read) {
		BoardPage page = read.value();
		Found found = lookUp(page.entries().stream().map(BoardPage.Entry::userId).toList(), read.source());
		return new Named(new Sourced<>(page.named(found.byUser()), read.source()), found.complete());
	}

	Sourced<AroundView> around(Sourced<AroundView> read) {
		AroundView view = read.value();
		return new Sourced<>(
				view.named(of(view.entries().stream().map(BoardPage.Entry::userId).toList(), read.source())),
				read.source());
	}

	Sourced<UsersView> users(Sourced<UsersView> read) {
		UsersView view = read.value();
		return new Sourced<>(
				view.named(of(view.entries().stream().map(UsersView.Entry::userId).toList(), read.source())),
				read.source());
	}

}
