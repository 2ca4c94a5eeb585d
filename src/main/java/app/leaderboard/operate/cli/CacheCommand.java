package app.leaderboard.operate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cache ...}: the seed's {@code scripts/init_redis_cache.py}. */
@Command(name = "cache", mixinStandardHelpOptions = true,
		description = "Inspect, load, rebuild and time the Redis cache of the leaderboards.", subcommands = {
				CacheStatusCommand.class, CacheInitCommand.class, CacheRefreshCommand.class, CachePerfCommand.class })
class CacheCommand implements Runnable {

	@Spec
	private CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Missing command: status, init, refresh or perf");
	}

}
