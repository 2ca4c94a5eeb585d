package app.leaderboard.operate.cli;

import picocli.CommandLine.Option;

/** The {@code --verbose} option every command shares. */
final class Verbosity {

	private final ServiceContext context;

	Verbosity(ServiceContext context) {
		this.context = context;
	}

	@Option(names = "--verbose", description = "Show the service's log (on stdout) while the command runs.")
	void verbose(boolean on) {
		this.context.verbose(on);
	}

}
