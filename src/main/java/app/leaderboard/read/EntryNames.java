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
		Map<String, String> names = new HashMap<>();
		if (userIds.isEmpty()) {
			return names;
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
			}
		}
		return names;
	}

	Sourced<BoardPage> page(Sourced<BoardPage> read) {
		BoardPage page = read.value();
		return new Sourced<>(
				page.named(of(page.entries().stream().map(BoardPage.Entry::userId).toList(), read.source())),
				read.source());
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
