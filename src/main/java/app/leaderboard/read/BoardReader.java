package app.leaderboard.read;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.springframework.stereotype.Service;

import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.core.BoardRow;
import app.leaderboard.core.Membership;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.core.Stats;
import app.leaderboard.core.UnknownUserException;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.redis.board.RedisBoardReads;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.sync.BoardLoader;

/**
 * The read side: boards, users and ranks from Redis. A board Redis does not have yet is
 * loaded once in the background while this request waits a moment or reads PostgreSQL;
 * with Redis down, reads go to PostgreSQL (index scans only) unless the fallback is off.
 */
@Service
public class BoardReader {

	private final RedisBoardReads redis;

	private final RedisBoardWrites writes;

	private final BoardQueries store;

	private final Periods periods;

	private final BoardLoader loader;

	private final CacheStats stats;

	private final boolean fallback;

	private final ReadPath path;

	private final KnownUsers users;

	private final EntryNames names;

	BoardReader(RedisBoardReads redis, RedisBoardWrites writes, BoardQueries store, Periods periods, BoardLoader loader,
			CacheStats stats, LeaderboardProperties properties, ReadPath path, KnownUsers users, EntryNames names) {
		this.names = names;
		this.users = users;
		this.redis = redis;
		this.writes = writes;
		this.store = store;
		this.periods = periods;
		this.loader = loader;
		this.stats = stats;
		this.fallback = properties.redisFallback();
		this.path = path;
	}

	/** A page of the current board. */
	public Sourced<BoardPage> board(Period period, int limit, long offset) {
		return board(this.periods.current(period), limit, offset);
	}

	/** A page of the current board of a scope (a region's, an organisation's). */
	public Sourced<BoardPage> board(Period period, Scope scope, int limit, long offset) {
		return board(this.periods.current(period).in(scope), limit, offset);
	}

	/**
	 * A page of any board: the current one, or a past one from {@link BoardSelector},
	 * with the names of its users ({@link EntryNames}).
	 */
	public Sourced<BoardPage> board(PeriodInstance instance, int limit, long offset) {
		return this.names.page(unnamed(instance, limit, offset));
	}

	/** {@link #board}, and whether each of its users' names was found. */
	EntryNames.Named namedBoard(PeriodInstance instance, int limit, long offset) {
		return this.names.named(unnamed(instance, limit, offset));
	}

	/**
	 * {@link #board} once Redis failed to answer a call for it ({@link BoardPages}): from
	 * PostgreSQL without asking Redis again ({@link ReadPath#unavailable}).
	 */
	Sourced<BoardPage> boardWithoutRedis(PeriodInstance instance, int limit, long offset) {
		return this.names.page(this.path.unavailable(instance, () -> fromPostgres(instance, limit, offset),
				() -> boardPage(instance, 0, 0, offset, List.of())));
	}

	private Sourced<BoardPage> unnamed(PeriodInstance instance, int limit, long offset) {
		return this.path.read(instance, () -> this.redis.page(instance, offset, limit).map((page) -> {
			List<Ranks.Row> rows = page.entries()
				.stream()
				.map((member) -> new Ranks.Row(member.userId(), member.total()))
				.toList();
			return boardPage(instance, page.members(), page.above(), offset, rows);
		}), () -> fromPostgres(instance, limit, offset), () -> boardPage(instance, 0, 0, offset, List.of()));
	}

	private BoardPage fromPostgres(PeriodInstance instance, int limit, long offset) {
		List<BoardRow> rows = this.store.page(instance, limit, offset);
		long above = rows.isEmpty() ? 0 : this.store.countAbove(instance, rows.get(0).total());
		return boardPage(instance, this.store.members(instance), above, offset,
				rows.stream().map((row) -> new Ranks.Row(row.userId(), row.total())).toList());
	}

	/** A user's rank on the current board. */
	public Sourced<UserRank> rank(String userId, Period period) {
		return rank(userId, this.periods.current(period));
	}

	/**
	 * A user's rank on any board (a scope's too). A hidden user is on no board: their
	 * answer says so, with their own score and no rank.
	 */
	public Sourced<UserRank> rank(String userId, PeriodInstance instance) {
		return this.path.read(instance, () -> this.redis.rank(instance, userId).map((standing) -> {
			if (standing.total().isEmpty() && knownMember(userId).hidden()) {
				return hiddenRank(userId, instance, standing.members());
			}
			return userRank(userId, instance, standing.total(), standing.above(), standing.members());
		}), () -> {
			BoardQueries.Standing standing = this.store.standing(instance, userId);
			if (standing.total().isEmpty()) {
				UserScores user = this.store.userScores(userId, List.of(instance.global()))
					.orElseThrow(() -> UnknownUserException.neverRecorded(userId));
				if (user.membership().hidden()) {
					return hiddenRank(userId, instance, standing.members());
				}
			}
			return userRank(userId, instance, standing.total(), standing.above(), standing.members());
		}, () -> knownMember(userId).hidden() ? new UserRank(userId, instance.period().id(), null, 0, 0, null, true)
				: userRank(userId, instance, OptionalLong.empty(), 0, 0));
	}

	/**
	 * The scopes and visibility of a user not on the board (404 when never recorded),
	 * without letting unknown ids reach PostgreSQL ({@link KnownUsers}).
	 */
	private Membership knownMember(String userId) {
		return this.users.find(userId).orElseThrow(() -> UnknownUserException.neverRecorded(userId));
	}

	/** A hidden user's own answer: their score, no rank, not counted in the total. */
	private UserRank hiddenRank(String userId, PeriodInstance instance, long members) {
		UserScores user = this.store.userScores(userId, List.of(instance.global()))
			.orElseThrow(() -> UnknownUserException.neverRecorded(userId));
		long score = user.membership().scopes().contains(instance.scope()) ? user.total(instance.global()) : 0;
		return new UserRank(userId, instance.period().id(), null, score, members, null, true);
	}

	public Sourced<Stats> user(String userId) {
		Map<Period, PeriodInstance> current = this.periods.currentAll();
		try {
			RedisBoardReads.CachedUser cached = this.redis.user(userId, current.values());
			// a hidden user is on no board: their totals are PostgreSQL's
			if (cached.complete() && !cached.membership().hidden()) {
				this.stats.hit();
				return new Sourced<>(stats(userId, current, cached), Source.REDIS);
			}
			this.stats.miss();
			cached.totals().forEach((instance, total) -> {
				if (total == null) {
					this.loader.load(instance);
				}
			});
			// not in the user cache: a flood of made-up ids must not queue for PostgreSQL
			if (cached.updatedAt() == null && !this.users.known(userId)) {
				throw UnknownUserException.neverRecorded(userId);
			}
		}
		catch (RedisUnavailableException ex) {
			this.stats.miss();
			if (!this.fallback) {
				throw new ReadsUnavailableException();
			}
		}
		this.stats.fallback();
		UserScores scores = this.path.fromPostgres(() -> this.store.userScores(userId, current.values()))
			.orElseThrow(() -> UnknownUserException.neverRecorded(userId));
		cacheUser(scores);
		return new Sourced<>(scores.stats(current), Source.POSTGRES);
	}

	/** Puts a user read from PostgreSQL into the cache; the next read is a hit. */
	private void cacheUser(UserScores scores) {
		try {
			this.writes.apply(List.of(scores), false);
		}
		catch (RedisUnavailableException ex) {
			// the next read loads it again
		}
	}

	private static Stats stats(String userId, Map<Period, PeriodInstance> current, RedisBoardReads.CachedUser cached) {
		return new Stats(userId, cached.totals().get(current.get(Period.DAILY)),
				cached.totals().get(current.get(Period.WEEKLY)), cached.totals().get(current.get(Period.MONTHLY)),
				cached.totals().get(current.get(Period.YEARLY)), cached.updatedAt(), cached.membership().region(),
				cached.membership().org(), cached.profile().displayName(),
				cached.profile().streak().view(current.get(Period.DAILY).startDate()));
	}

	private static BoardPage boardPage(PeriodInstance instance, long members, long above, long offset,
			List<Ranks.Row> rows) {
		return new BoardPage(instance.period().id(), instance.startDate(), instance.end(), members,
				Ranks.entries(above, offset, rows));
	}

	private static UserRank userRank(String userId, PeriodInstance instance, OptionalLong total, long above,
			long members) {
		return new UserRank(userId, instance.period().id(), total.isPresent() ? above + 1 : null, total.orElse(0),
				members);
	}

}
