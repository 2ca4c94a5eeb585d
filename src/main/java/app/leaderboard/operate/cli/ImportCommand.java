package app.leaderboard.operate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import app.leaderboard.core.CountRow;
import app.leaderboard.core.Period;
import app.leaderboard.core.Periods;
import app.leaderboard.operate.importer.CountsCsv;
import app.leaderboard.operate.importer.InvalidCountsFileException;
import app.leaderboard.store.postgres.CountsImport;
import app.leaderboard.sync.CacheRebuild;

/**
 * {@code import FILE.csv [--dry-run]} (docs/migration.md): the old app's counters become
 * the users' totals of the current periods. The whole file is checked before the stores
 * are even contacted; a bad file changes nothing.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
		description = {
				"Set users' totals of the current day, week, month and year from an export of the old app: "
						+ "a CSV with the header user_id,daily_pomo,weekly_pomo,monthly_pomo,yearly_pomo[,updated_at].",
				"The whole file is checked first (a bad row stops the import with its line number, the header "
						+ "being line 1, and nothing is changed); then PostgreSQL is written in one transaction "
						+ "and Redis is loaded. Importing the same file again changes nothing; users not in the "
						+ "file keep their totals." })
class ImportCommand implements Callable<Integer> {

	/** Files larger than this get a progress bar while they are checked. */
	private static final long PROGRESS_FROM_BYTES = 1 << 20;

	private final ServiceContext context;

	@Mixin
	private Verbosity verbosity;

	@Parameters(index = "0", paramLabel = "FILE.csv", description = "The export to import.")
	private Path file;

	@Option(names = "--dry-run", description = "Check the whole file and change nothing.")
	private boolean dryRun;

	ImportCommand(ServiceContext context) {
		this.context = context;
	}

	@Override
	public Integer call() {
		long started = System.nanoTime();
		List<CountRow> rows = check();
		String name = this.file.toString();
		if (this.dryRun) {
			System.out.printf(Locale.ROOT, "%s is valid: %,d users (--dry-run: nothing was changed)%n", name,
					rows.size());
			return 0;
		}
		Reachability.requireBoth(this.context);
		CacheSync.warnIfEmbedded(this.context, "import");
		Periods periods = this.context.bean(Periods.class);
		Instant now = periods.now().truncatedTo(ChronoUnit.SECONDS);
		List<app.leaderboard.core.PeriodInstance> instances = List.of(periods.at(Period.DAILY, now),
				periods.at(Period.WEEKLY, now), periods.at(Period.MONTHLY, now), periods.at(Period.YEARLY, now));
		CountsImport.Imported imported;
		try (Progress progress = Progress.of("import: PostgreSQL", rows.size(), "users")) {
			imported = this.context.bean(CountsImport.class).write(rows, instances, now, progress::step);
		}
		CacheRebuild.SyncResult loaded;
		try {
			loaded = CacheSync.run(this.context, "import: Redis");
		}
		catch (RuntimeException ex) {
			throw new CliFailure(
					"PostgreSQL holds the import, but loading Redis failed (" + Failures.describe(ex, this.context)
							+ "); run 'cache init', or let a running service repair it by itself",
					ex);
		}
		System.out.printf(Locale.ROOT,
				"Imported %s: %,d users (%,d new, %,d changed, %,d unchanged), %,d totals written; "
						+ "Redis loaded with %,d board members; %,d ms%n",
				name, imported.users(), imported.newUsers(), imported.changedUsers(), imported.unchangedUsers(),
				imported.totalsWritten(), loaded.boardMembers(), (System.nanoTime() - started) / 1_000_000);
		return 0;
	}

	private List<CountRow> check() {
		if (!Files.isRegularFile(this.file) || !Files.isReadable(this.file)) {
			throw new CliFailure(this.file + ": no such readable file; nothing was imported");
		}
		try (InputStream input = Files.newInputStream(this.file)) {
			long size = Files.size(this.file);
			if (size < PROGRESS_FROM_BYTES) {
				return new CountsCsv(Instant.now()).read(input, (n) -> {
				});
			}
			try (Progress progress = Progress.of("import: checking", size, "bytes")) {
				LongConsumer step = progress::step;
				return new CountsCsv(Instant.now()).read(input, step);
			}
		}
		catch (InvalidCountsFileException ex) {
			throw new CliFailure(this.file + " " + ex.getMessage() + "; nothing was imported", ex);
		}
		catch (IOException ex) {
			throw new CliFailure(
					this.file + ": cannot be read (" + Failures.firstLine(ex.getMessage()) + "); nothing was imported",
					ex);
		}
	}

}
