package app.leaderboard.operate.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.sync.CacheRebuild;

/** {@code cache refresh} (the seed's {@code --force-refresh}). */
@Command(name = "refresh", mixinStandardHelpOptions = true,
		description = {
				"Delete this service's Redis keys (SCAN + UNLINK under its prefix, never FLUSHDB) "
						+ "and rebuild them from PostgreSQL.",
				"While it runs, readers of a running service are served from PostgreSQL." })
class CacheRefreshCommand implements Callable<Integer> {

	private final ServiceContext context;

	@Mixin
	private Verbosity verbosity;

	CacheRefreshCommand(ServiceContext context) {
		this.context = context;
	}

	@Override
	public Integer call() {
		Reachability.requireBoth(this.context);
		CacheSync.warnIfEmbedded(this.context, "cache refresh");
		long deleted = this.context.bean(RedisInspection.class).deleteOwnKeys();
		CacheRebuild.SyncResult result = CacheSync.run(this.context, "cache refresh");
		System.out.printf("Deleted %,d keys; loaded %,d users and %,d board members into Redis in %,d ms%n", deleted,
				result.usersSynced(), result.boardMembers(), result.durationMs());
		return 0;
	}

}
