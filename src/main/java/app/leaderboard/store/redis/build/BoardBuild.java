package app.leaderboard.store.redis.build;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

import app.leaderboard.core.BoardChecksum;
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

	private static final LuaScript BOARD_BUILD_ADD = LuaScript.load("board_build_add.lua", ScriptOutputType.MULTI);

	private final String versions;

	private final PeriodInstance instance;

	private final Clock clock;

	private final String sum;

	private final String check;

	private final String buildCheck;

	private final String touched;

	private final BuildChecksum checksum;

	private final String generation;

	BoardBuild(RedisConnector connector, RedisGuard guard, RedisKeys keys, Clock clock, PeriodInstance instance) {
		super(connector, guard, keys.board(instance), keys.boardBuild(instance), keys.boardOld(instance));
		this.instance = instance;
		this.clock = clock;
		this.versions = keys.boardVersions(instance);
		this.sum = keys.boardSum(instance);
		this.check = keys.boardCheck(instance);
		this.buildCheck = keys.boardBuildCheck(instance);
		this.touched = keys.boardBuildTouched(instance);
		this.checksum = new BuildChecksum(instance.scope());
		this.generation = keys.boardGeneration(instance);
	}

	@Override
	String[] swapKeys() {
		String[] keys = super.swapKeys();
		String[] withSums = Arrays.copyOf(keys, keys.length + 5);
		withSums[keys.length] = this.sum;
		withSums[keys.length + 1] = this.check;
		withSums[keys.length + 2] = this.buildCheck;
		withSums[keys.length + 3] = this.touched;
		withSums[keys.length + 4] = this.generation;
		return withSums;
	}

	/** The terms of the rows the batches added, for the build key's checksum. */
	@Override
	List<String> swapArguments() {
		return this.checksum.swapArguments();
	}

	@Override
	String[] renewKeys() {
		String[] keys = super.renewKeys();
		String[] withCheck = Arrays.copyOf(keys, keys.length + 2);
		withCheck[keys.length] = this.buildCheck;
		withCheck[keys.length + 1] = this.touched;
		return withCheck;
	}

	/**
	 * An empty checksum for the build key: no members, a sum of 0 (lib/checksum.lua); and
	 * no touched set left from an earlier build.
	 */
	@Override
	List<Future<?>> beside() {
		return List.of(redis().unlink(this.buildCheck, this.touched),
				redis().hset(this.buildCheck, Map.of("n", "0", "all", "0", "allb", "0")),
				redis().pexpire(this.buildCheck, BUILD_TTL.toMillis()));
	}

	@Override
	RedisFuture<?> mark() {
		return redis().zadd(this.build, BoardScore.LOADED_SCORE, BoardScore.LOADED);
	}

	@Override
	long liveTtlMillis() {
		return BoardTtl.of(this.clock, this.instance).toMillis();
	}

	/**
	 * The batch's pairs of score and user id (board_build_add.lua); its reply says which
	 * rows' terms the build key's checksum takes.
	 */
	@Override
	Future<?> write(List<BoardRow> rows) {
		String[] args = new String[rows.size() * 2];
		double[] scores = new double[rows.size()];
		long[] keys = new long[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			BoardRow row = rows.get(i);
			scores[i] = BoardScore.encode(row.total(), row.reachedAt(), this.instance);
			keys[i] = BoardChecksum.key(row.userId());
			args[2 * i] = RedisBoardWrites.score(scores[i]);
			args[2 * i + 1] = row.userId();
		}
		CompletableFuture<List<Object>> reply = BOARD_BUILD_ADD.send(redis(),
				new String[] { this.build, this.versions, this.owner, this.erased, this.touched }, withToken(args));
		return reply.thenAccept((written) -> this.checksum.count(rows, scores, keys, written));
	}

}
