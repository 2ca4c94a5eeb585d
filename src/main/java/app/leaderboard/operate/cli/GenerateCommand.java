package app.leaderboard.operate.cli;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import app.leaderboard.core.PeriodInstance;
import app.leaderboard.operate.generate.SyntheticUsers;
import app.leaderboard.store.postgres.BulkCopy;

/** {@code generate --users N [--seed S]}: demo and benchmark data in PostgreSQL. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
		description = {
				"Write N synthetic users into PostgreSQL: skewed counts (most users low, a long tail) "
						+ "with many ties, on the current and the previous day, week, month and year.",
				"Users are user-1 .. user-N; the same --seed gives the same data. Redis is not touched: "
						+ "run 'cache init' afterwards, or let a running service load the boards." })
class GenerateCommand implements Callable<Integer> {

	private final ServiceContext context;

	@Mixin
	private Verbosity verbosity;

	@Option(names = "--users", required = true, description = "How many users to write.")
	private long users;

	@Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
	private long seed;

	@Option(names = "--now",
			description = "Generate for this moment (ISO-8601, e.g. 2026-11-25T10:15:00Z) instead of the clock's: "
					+ "the same --seed and --now give identical rows.")
	private Instant now;

	@Option(names = "--replace",
			description = "Delete every user, total, board size, outbox row and idempotency key first. "
					+ "Without it the database must hold no users.")
	private boolean replace;

	@Option(names = "--regions", defaultValue = "0",
			description = "Put every user in one of this many regions (region-1 ..); 0: none (default).")
	private int regions;

	@Option(names = "--orgs", defaultValue = "0",
			description = "Put a share of the users (--org-share) in one of this many organisations (org-1 ..).")
	private int orgs;

	@Option(names = "--org-share", defaultValue = "0.2",
			description = "The share of users in an organisation when --orgs is set (default ${DEFAULT-VALUE}).")
	private double orgShare;

	GenerateCommand(ServiceContext context) {
		this.context = context;
	}

	@Override
	public Integer call() {
		if (this.users < 1) {
			throw new CliFailure("--users must be at least 1");
		}
		if (this.regions < 0 || this.orgs < 0 || this.orgShare < 0 || this.orgShare > 1) {
			throw new CliFailure("--regions and --orgs must be 0 or more, --org-share from 0 to 1");
		}
		Reachability.requirePostgres(this.context);
		long existing = this.context.bean(BulkCopy.class).users();
		if (existing > 0 && !this.replace) {
			throw new CliFailure(String.format(Locale.ROOT,
					"PostgreSQL at %s already holds %,d users; use an empty database or pass --replace",
					this.context.describePostgres(), existing));
		}
		SyntheticUsers.Generated result;
		try (Progress progress = Progress.of("generate", 2 * this.users, "users")) {
			result = this.context.bean(SyntheticUsers.class)
				.generate(this.users, this.seed, this.now, this.replace,
						new SyntheticUsers.ScopeMix(this.regions, this.orgs, this.orgShare), progress::step);
		}
		System.out.printf(Locale.ROOT, "Generated %,d users and %,d period totals (seed %d) in %,d ms%n",
				result.users(), result.periodTotals(), this.seed, result.durationMs());
		for (Map.Entry<PeriodInstance, Long> board : result.members().entrySet()) {
			System.out.printf(Locale.ROOT, "  %-22s %,12d members%n", board.getKey().id(), board.getValue());
		}
		return 0;
	}

}
