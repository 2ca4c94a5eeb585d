package app.leaderboard.redis;

import java.time.Clock;
import java.util.List;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;

import app.leaderboard.period.PeriodInstance;
import app.leaderboard.totals.BoardRow;

/**
 * A board being loaded from PostgreSQL. The batches use {@code ZADD LT}, so the
 * snapshot's older totals never replace those that updates wrote meanwhile.
 */
public final class BoardBuild extends KeyBuild<BoardRow> {

	private final PeriodInstance instance;

	private final Clock clock;

	BoardBuild(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock, PeriodInstance instance) {
		super(connector, guard, keys.board(instance), keys.boardBuild(instance), keys.boardOld(instance));
		this.instance = instance;
		this.clock = clock;
	}

	@Override
	RedisFuture<?> mark() {
		return redis().zadd(this.build, BoardScore.LOADED_SCORE, BoardScore.LOADED);
	}

	@Override
	RedisFuture<?> expireWhileBuilding() {
		return expireWhenLive();
	}

	@Override
	RedisFuture<?> expireWhenLive() {
		return redis().pexpire(this.build, BoardTtl.of(this.clock, this.instance).toMillis());
	}

	@Override
	RedisFuture<?> write(List<BoardRow> rows) {
		@SuppressWarnings("unchecked")
		ScoredValue<String>[] values = new ScoredValue[rows.size()];
		for (int i = 0; i < values.length; i++) {
			BoardRow row = rows.get(i);
			values[i] = ScoredValue.just(BoardScore.encode(row.total(), row.reachedAt(), this.instance), row.userId());
		}
		return redis().zadd(this.build, ZAddArgs.Builder.lt(), values);
	}

}
