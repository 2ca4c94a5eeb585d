package app.leaderboard.store.redis.board;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.core.Streak;
import app.leaderboard.core.UserScores;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * Writes users' streaks into the streak lists of their scopes (streak_touch.lua): one
 * sorted set per scope and last day, so that a streak that broke at midnight leaves the
 * list by itself (the list of day T is the sets of T-1 and T) and no job ever walks the
 * users. A hidden user, and a user in the scopes they left, is taken off.
 */
public class StreakWrites {

	private static final LuaScript STREAK_TOUCH = LuaScript.load("streak_touch.lua", ScriptOutputType.INTEGER);

	private static final LuaScript STREAK_ERASE = LuaScript.load("streak_erase.lua", ScriptOutputType.INTEGER);

	/** How long a scope's tombstones of a day live. */
	static final Duration TOMBSTONES = Duration.ofDays(2);

	/** How long a day's list lives past its day: the list of T reads T-1 and T. */
	static final int DAYS_KEPT = 3;

	private final RedisKeys keys;

	private final Periods periods;

	public StreakWrites(RedisKeys keys, Periods periods) {
		this.keys = keys;
		this.periods = periods;
	}

	/** Sends the users' streak writes; the caller awaits the replies. */
	List<Future<?>> send(RedisClusterAsyncCommands<String, String> redis, Collection<UserScores> users) {
		LocalDate today = this.periods.today();
		Map<List<Object>, List<String>> byList = new LinkedHashMap<>();
		for (UserScores user : users) {
			Streak streak = user.profile().streak();
			LocalDate day = streak.lastDay();
			if (day == null || day.isBefore(today.minusDays(1)) || day.isAfter(today.plusDays(1))) {
				// on no list that is read: the lists of older days expire by themselves
				continue;
			}
			Set<Scope> off = new LinkedHashSet<>();
			user.left().forEach((board) -> off.add(board.scope()));
			if (user.membership().hidden()) {
				off.addAll(user.membership().scopes());
			}
			else {
				off.removeAll(user.membership().scopes());
				for (Scope scope : user.membership().scopes()) {
					add(byList, scope, day, user.userId(), streak.run(), user.version());
				}
			}
			for (Scope scope : off) {
				add(byList, scope, day, user.userId(), 0, user.version());
			}
		}
		List<Future<?>> replies = new ArrayList<>();
		byList.forEach((list, args) -> replies.add(touch(redis, (Scope) list.get(0), (LocalDate) list.get(1), args)));
		return replies;
	}

	/**
	 * Takes an erased user off the lists of their scopes that are read today, and keeps
	 * every older state of theirs out for two days.
	 */
	List<Future<?>> erase(RedisClusterAsyncCommands<String, String> redis, String userId, long version,
			Collection<Scope> scopes) {
		List<Future<?>> replies = new ArrayList<>();
		LocalDate today = this.periods.today();
		for (Scope scope : scopes) {
			replies.add(STREAK_ERASE.send(redis,
					new String[] { this.keys.streak(scope, today.minusDays(1)), this.keys.streak(scope, today),
							this.keys.streak(scope, today.plusDays(1)), this.keys.streakErased(scope, today) },
					userId, Long.toString(version), Long.toString(TOMBSTONES.toMillis())));
		}
		return replies;
	}

	private static void add(Map<List<Object>, List<String>> byList, Scope scope, LocalDate day, String userId, int run,
			long version) {
		List<String> args = byList.computeIfAbsent(List.of(scope, day), (list) -> new ArrayList<>());
		args.add(userId);
		args.add(Integer.toString(run));
		args.add(Long.toString(version));
	}

	private Future<?> touch(RedisClusterAsyncCommands<String, String> redis, Scope scope, LocalDate day,
			List<String> pairs) {
		List<String> args = new ArrayList<>(pairs.size() + 1);
		args.add(Long.toString(ttl(day).toMillis()));
		args.addAll(pairs);
		LocalDate today = this.periods.today();
		return STREAK_TOUCH.send(redis,
				new String[] { this.keys.streak(scope, day.minusDays(1)), this.keys.streak(scope, day),
						this.keys.streak(scope, day.plusDays(1)), this.keys.streakErased(scope, today),
						this.keys.streakErased(scope, today.minusDays(1)) },
				args.toArray(String[]::new));
	}

	LocalDate today() {
		return this.periods.today();
	}

	/** Until {@value #DAYS_KEPT} days after {@code day} began, at least an hour. */
	public Duration ttl(LocalDate day) {
		Duration left = Duration.between(this.periods.now(),
				day.plusDays(DAYS_KEPT).atStartOfDay(this.periods.zone()).toInstant());
		return left.compareTo(Duration.ofHours(1)) < 0 ? Duration.ofHours(1) : left;
	}

}
