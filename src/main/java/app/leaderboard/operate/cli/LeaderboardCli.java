package app.leaderboard.operate.cli;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar leaderboard.jar cache|generate|import ...}: the entry point of the
 * CLI. Exit codes: 0 success, 1 the work failed (one line on stderr says why), 2 a usage
 * error.
 */
@Command(name = "leaderboard.jar", mixinStandardHelpOptions = true, version = "leaderboard CLI",
		description = "Operate the leaderboard's Redis cache, fill PostgreSQL with demo data, import the old app's counters.",
		subcommands = { CacheCommand.class, GenerateCommand.class, ImportCommand.class })
public final class LeaderboardCli implements Runnable {

	private static final Set<String> COMMANDS = Set.of("cache", "generate", "import");

	@Spec
	private CommandSpec spec;

	/** True when the arguments name a CLI command rather than starting the service. */
	public static boolean handles(String[] args) {
		return args.length > 0 && COMMANDS.contains(args[0]);
	}

	/**
	 * Runs one command.
	 * @param application the service's Spring configuration, handed in by the entry point
	 * so that the CLI does not depend on the package that depends on it
	 */
	public static int run(String[] args, Class<?> application) {
		try (ServiceContext context = new ServiceContext(application)) {
			CommandLine cli = new CommandLine(new LeaderboardCli(), factory(context));
			cli.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
				commandLine.getErr().println(name(commandLine) + ": " + Failures.describe(ex, context));
				return 1;
			});
			cli.setParameterExceptionHandler((ex, args2) -> {
				CommandLine commandLine = ex.getCommandLine();
				commandLine.getErr()
					.println(name(commandLine) + ": " + Failures.firstLine(ex.getMessage()) + " (see --help)");
				return 2;
			});
			return cli.execute(args);
		}
	}

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "Missing command: cache, generate or import");
	}

	/** "cache status": the command's words without the jar's name. */
	static String name(CommandLine commandLine) {
		List<String> words = new ArrayList<>();
		for (CommandLine c = commandLine; c != null && c.getParent() != null; c = c.getParent()) {
			words.add(0, c.getCommandName());
		}
		return words.isEmpty() ? commandLine.getCommandName() : String.join(" ", words);
	}

	/** Hands the shared {@link ServiceContext} to every command that asks for it. */
	private static IFactory factory(ServiceContext context) {
		IFactory fallback = CommandLine.defaultFactory();
		return new IFactory() {

			@Override
			public <K> K create(Class<K> type) throws Exception {
				try {
					Constructor<K> constructor = type.getDeclaredConstructor(ServiceContext.class);
					constructor.setAccessible(true);
					return constructor.newInstance(context);
				}
				catch (NoSuchMethodException ex) {
					return fallback.create(type);
				}
			}

		};
	}

}
