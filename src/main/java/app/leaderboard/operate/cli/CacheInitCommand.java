package app.leaderboard.operate.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import app.leaderboard.sync.CacheRebuild;

/** {@code cache init} (the seed's default run): loads the cache from PostgreSQL. */
@Command(name = "init", mixinStandardHelpOptions = true,
		description = { "Load every board Redis serves (current and just ended) and the user cache into Redis.",
				"Each board is built aside and swapped in whole, so readers never see a partial one." })
class CacheInitCommand implements Callable<Integer> {

	private final ServiceContext context;

	@Mixin
	private Verbosity verbosity;

	CacheInitCommand(ServiceContext context) {
		this.context = context;
	}

	@Override
	public Integer call() {
		Reachability.requireBoth(this.context);
		CacheSync.warnIfEmbedded(this.context, "cache init");
		CacheRebuild.SyncResult result = CacheSync.run(this.context, "cache init");
		System.out.printf("Loaded %,d users and %,d board members into Redis in %,d ms%n", result.usersSynced(),
				result.boardMembers(), result.durationMs());
		return 0;
	}

}
