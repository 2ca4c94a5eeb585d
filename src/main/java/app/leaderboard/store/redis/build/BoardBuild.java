package app.leaderboard.store.redis.build;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

import app.leaderboard.core.BoardRow;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.board.BoardTtl;
import app.leaderboard.store.redis.board.RedisBoardWrites;
import app.leaderboard.store.redis.connection.LuaScript;
import app.leaderboard.store.redis.connection.RedisConnector;
import app.leaderboard.store.redis.connection.RedisGuard;
import app.leaderboard.store.redis.connection.RedisKeys;

/**
 * A board being loaded from PostgreSQL. The batches use {@code ZADD LT}, so the
 * snapshot's older totals never replace those that updates wrote meanwhile, and leave out
 * the users that left the board meanwhile (its version hash says so;
 * board_build_add.lua).
 */
final class BoardBuild extends KeyBuild<BoardRow> {

	private static final LuaScript BOARD_BUILD_ADD = LuaScript.load("board_build_add.lua", ScriptOutputType.INTEGER);

	private final String versions;

	private final PeriodInstance instance;

	private final Clock clock;

	private final String sum;

	BoardBuild(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock, PeriodInstance instance) {
		super(connector, guard, keys.board(instance), keys.boardBuild(instance), keys.boardOld(instance));
		this.instance = instance;
		this.clock = clock;
		this.versions = keys.boardVersions(instance);
		this.sum = keys.boardSum(instance);
	}

	@Override
	String[] swapKeys() {
		String[] keys = super.swapKeys();
		String[] withSum = Arrays.copyOf(keys, keys.length + 1);
		withSum[keys.length] = this.sum;
		return withSum;
	}

	@Override
	RedisFuture<?> mark() {
		return redis().zadd(this.build, BoardScore.LOADED_SCORE, BoardScore.LOADED);
	}

	@Override
	long liveTtlMillis() {
		return BoardTtl.of(this.clock, this.instance).toMillis();
	}

	@Override
	Future<?> write(List<BoardRow> rows) {
		String[] pairs = new String[rows.size() * 2];
		int i = 0;
		for (BoardRow row : rows) {
			pairs[i++] = RedisBoardWrites.score(BoardScore.encode(row.total(), row.reachedAt(), this.instance));
			pairs[i++] = row.userId();
		}
		return BOARD_BUILD_ADD.send(redis(), new String[] { this.build, this.versions, this.owner, this.erased },
				withToken(pairs));
	}

}
