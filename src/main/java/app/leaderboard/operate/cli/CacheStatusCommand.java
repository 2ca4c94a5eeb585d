package app.leaderboard.operate.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.postgres.OutboxStore;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisKeys;
import app.leaderboard.sync.DriftCheck;

/** {@code cache status} (the seed's {@code --status}). */
@Command(name = "status", mixinStandardHelpOptions = true,
		description = {
				"Show users in PostgreSQL and in the cache, members per board, Redis memory, "
						+ "and whether the cache agrees with PostgreSQL.",
				"By default every board member is compared (DriftCheck's full compare)." })
class CacheStatusCommand implements Callable<Integer> {

	private final ServiceContext context;

	@Mixin
	private Verbosity verbosity;

	@Option(names = "--sample", description = "Compare member counts and a random sample of " + DriftCheck.SAMPLE
			+ " members per board instead of every member (faster on large boards).")
	private boolean sample;

	CacheStatusCommand(ServiceContext context) {
		this.context = context;
	}

	@Override
	public Integer call() {
		Reachability.requireBoth(this.context);
		BoardQueries store = this.context.bean(BoardQueries.class);
		RedisInspection redis = this.context.bean(RedisInspection.class);
		Periods periods = this.context.bean(Periods.class);
		long users = store.userCount();
		long cached = redis.cachedUsers();
		boolean usersLoaded = redis.usersLoaded();
		long memory = redis.usedMemory();
		Map<Period, DriftCheck.BoardDrift> drift = this.context.bean(DriftCheck.class).check(!this.sample);
		OutboxStore.OutboxBacklog outbox = this.context.bean(OutboxStore.class).outboxBacklog();

		PrintStream out = System.out;
		out.printf("PostgreSQL   %s%n", this.context.describePostgres());
		out.printf("Redis        %s, key prefix '%s', used memory %s (%,d bytes)%n", this.context.describeRedis(),
				this.context.bean(RedisKeys.class).prefix(), mebibytes(memory), memory);
		out.printf("Users        %,d in PostgreSQL, %,d in the cache%s%n", users, cached,
				usersLoaded ? "" : " (user cache not loaded)");
		out.printf("%-8s %-12s %14s %14s %14s %11s%n", "Board", "start", "PostgreSQL", "Redis", "compared",
				"mismatched");
		boolean inSync = usersLoaded && cached == users;
		for (Map.Entry<Period, DriftCheck.BoardDrift> entry : drift.entrySet()) {
			DriftCheck.BoardDrift board = entry.getValue();
			boolean loaded = board.redisMembers() >= 0;
			out.printf("%-8s %-12s %,14d %14s %,14d %,11d%n", entry.getKey().id(),
					periods.current(entry.getKey()).startDate(), board.postgresMembers(),
					loaded ? String.format("%,d", board.redisMembers()) : "not loaded", board.compared(),
					board.mismatched());
			inSync &= loaded && board.drift() == 0;
		}
		out.printf("Outbox       %,d pending%s%n", outbox.rows(),
				(outbox.rows() > 0) ? String.format(" (oldest %.1f s)", outbox.oldestSeconds()) : "");
		out.printf("In sync      %s (%s)%n", inSync ? "yes" : "NO",
				this.sample ? "member counts and a sample of " + DriftCheck.SAMPLE + " members per board"
						: "every member of every current board compared");
		return 0;
	}

	static String mebibytes(long bytes) {
		return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
	}

}
