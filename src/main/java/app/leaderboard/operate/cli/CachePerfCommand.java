package app.leaderboard.operate.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.HdrHistogram.Histogram;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.read.BoardReader;
import app.leaderboard.store.postgres.BoardQueries;
import app.leaderboard.store.redis.board.RedisInspection;

/**
 * {@code cache perf} (the seed's {@code --test-performance}): times the service's own
 * read path ({@link BoardReader}, the code behind the HTTP endpoints, without HTTP) per
 * query kind. With {@code --source postgres} the same reader runs against a Redis that
 * refuses every connection, so each read takes the fallback path exactly as the service
 * does with Redis stopped.
 */
@Command(name = "perf", mixinStandardHelpOptions = true, sortOptions = false,
		description = {
				"Time top-10, top-100, rank and user-stats reads; print p50/p95/p99/max "
						+ "(HdrHistogram) and queries per second for each.",
				"Users for rank and stats reads are a random sample of the users in PostgreSQL." })
class CachePerfCommand implements Callable<Integer> {

	/** What is timed: the board, user and rank reads (docs/api.md). */
	enum Kind {

		TOP_10("top-10"), TOP_100("top-100"), RANK("rank"), USER("user");

		final String label;

		Kind(String label) {
			this.label = label;
		}

	}

	/** Where reads are answered from. */
	enum From {

		redis, postgres

	}

	private final ServiceContext context;

	@Mixin
	private Verbosity verbosity;

	@Option(names = "--requests", defaultValue = "2000",
			description = "Timed requests per query kind (default ${DEFAULT-VALUE}).")
	private int requests;

	@Option(names = "--concurrency", defaultValue = "4",
			description = "Threads sending requests at once (default ${DEFAULT-VALUE}).")
	private int concurrency;

	@Option(names = "--warmup", defaultValue = "200",
			description = "Untimed requests per kind first, to warm the JIT and connections (default ${DEFAULT-VALUE}).")
	private int warmup;

	@Option(names = "--period", defaultValue = "all",
			description = "daily, weekly, monthly, yearly, or all (requests rotate through the four; default ${DEFAULT-VALUE}).")
	private String period;

	@Option(names = "--source", defaultValue = "redis",
			description = "redis (the normal path) or postgres (the fallback path, as with Redis stopped); default ${DEFAULT-VALUE}.")
	private From source;

	@Option(names = "--kinds", split = ",", defaultValue = "top-10,top-100,rank,user",
			description = "Which query kinds to time, comma-separated (default ${DEFAULT-VALUE}).")
	private List<String> kinds;

	@Option(names = "--sample-users", defaultValue = "10000",
			description = "How many random users the rank and user reads pick from (default ${DEFAULT-VALUE}).")
	private int sampleUsers;

	CachePerfCommand(ServiceContext context) {
		this.context = context;
	}

	@Override
	public Integer call() throws Exception {
		if (this.requests < 1 || this.concurrency < 1 || this.warmup < 0 || this.sampleUsers < 1) {
			throw new CliFailure(
					"--requests, --concurrency and --sample-users must be at least 1, --warmup at least 0");
		}
		List<Period> rotation = rotation();
		List<Kind> selected = selectedKinds();
		Reachability.requirePostgres(this.context);
		BoardQueries store = this.context.bean(BoardQueries.class);
		FallbackReader fallback = null;
		BoardReader reader;
		if (this.source == From.redis) {
			Reachability.requireRedis(this.context);
			requireLoaded(this.context.bean(Periods.class));
			reader = this.context.bean(BoardReader.class);
		}
		else {
			fallback = new FallbackReader(this.context.start());
			reader = fallback.reader();
		}
		try {
			List<String> users = store.sampleUserIds(this.sampleUsers);
			if (users.isEmpty()) {
				throw new CliFailure("PostgreSQL holds no users to read; run 'generate --users N' first");
			}
			PrintStream out = System.out;
			out.printf(Locale.ROOT,
					"cache perf: source %s, period %s, %d users in PostgreSQL, %d timed requests per kind, "
							+ "concurrency %d, %d warm-up requests%n",
					this.source, this.period, store.userCount(), this.requests, this.concurrency, this.warmup);
			out.printf(Locale.ROOT, "%-8s %9s %10s %9s %9s %9s %9s %11s%n", "kind", "requests", "qps", "p50_ms",
					"p95_ms", "p99_ms", "max_ms", "from_redis");
			LoadRun load = new LoadRun(this.concurrency);
			for (Kind kind : selected) {
				LoadRun.Query query = query(kind, reader, users, rotation);
				load.run(query, this.warmup, null);
				LoadRun.Result result = load.run(query, this.requests, "cache perf " + kind.label);
				Histogram h = result.histogram();
				out.printf(Locale.ROOT, "%-8s %9d %10.0f %9.3f %9.3f %9.3f %9.3f %10.1f%%%n", kind.label,
						h.getTotalCount(), result.qps(), ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)),
						ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()),
						100.0 * result.fromRedis() / h.getTotalCount());
			}
		}
		finally {
			if (fallback != null) {
				fallback.close();
			}
		}
		return 0;
	}

	private List<Period> rotation() {
		if ("all".equals(this.period)) {
			return List.of(Period.values());
		}
		return List.of(Period.fromId(this.period)
			.orElseThrow(() -> new CliFailure(
					"unknown --period '" + this.period + "'; expected daily, weekly, monthly, yearly or all")));
	}

	private List<Kind> selectedKinds() {
		List<Kind> selected = new ArrayList<>();
		for (String label : this.kinds) {
			Kind kind = null;
			for (Kind k : Kind.values()) {
				if (k.label.equals(label.trim())) {
					kind = k;
				}
			}
			if (kind == null) {
				throw new CliFailure("unknown query kind '" + label + "'; expected top-10, top-100, rank or user");
			}
			selected.add(kind);
		}
		return selected;
	}

	/** Timing a cold cache would time the fallback and a background load instead. */
	private void requireLoaded(Periods periods) {
		RedisInspection redis = this.context.bean(RedisInspection.class);
		for (PeriodInstance instance : periods.currentAll().values()) {
			if (!redis.boardLoaded(instance)) {
				throw new CliFailure("the " + instance.id() + " board is not loaded in Redis; run 'cache init' first");
			}
		}
		if (!redis.usersLoaded()) {
			throw new CliFailure("the user cache is not loaded in Redis; run 'cache init' first");
		}
	}

	private static LoadRun.Query query(Kind kind, BoardReader reader, List<String> users, List<Period> rotation) {
		return switch (kind) {
			case TOP_10 -> (i) -> reader.board(rotation.get((int) (i % rotation.size())), 10, 0);
			case TOP_100 -> (i) -> reader.board(rotation.get((int) (i % rotation.size())), 100, 0);
			case RANK -> (i) -> reader.rank(user(users, i), rotation.get((int) (i % rotation.size())));
			case USER -> (i) -> reader.user(user(users, i));
		};
	}

	/**
	 * A user spread over the sample, the same for the same request number on every run.
	 */
	private static String user(List<String> users, long i) {
		return users.get((int) Math.floorMod(i * 2_654_435_761L, (long) users.size()));
	}

	private static double ms(long nanos) {
		return nanos / 1e6;
	}

}
