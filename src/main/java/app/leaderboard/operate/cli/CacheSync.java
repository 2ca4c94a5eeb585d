package app.leaderboard.operate.cli;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.sync.Boards;
import app.leaderboard.sync.CacheRebuild;

/** A full sync with a progress bar sized by what PostgreSQL holds: boards plus users. */
final class CacheSync {

	private CacheSync() {
	}

	static CacheRebuild.SyncResult run(ServiceContext context, String task) {
		BoardQueries store = context.bean(BoardQueries.class);
		long rows = store.userCount();
		// the boards that just ended are synced too (Boards#served)
		for (PeriodInstance instance : context.bean(Boards.class).servedGlobal()) {
			rows += store.members(instance);
		}
		try (Progress progress = Progress.of(task, rows, "rows")) {
			return context.bean(CacheRebuild.class).fullSync(progress::step);
		}
	}

	/** Embedded Redis lives only as long as the command: say so, or a load looks lost. */
	static void warnIfEmbedded(ServiceContext context, String command) {
		if (context.describeRedis().startsWith("embedded")) {
			System.err.println(command + ": note: no Redis is configured (REDIS_URL, REDIS_HOST), so this command "
					+ "uses an embedded Redis of its own that stops when it ends");
		}
	}

}
