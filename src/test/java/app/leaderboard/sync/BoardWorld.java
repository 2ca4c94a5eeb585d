package app.leaderboard.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.awaitility.Awaitility;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.postgres.EmbeddedPostgresServer;
import app.leaderboard.store.redis.board.RedisInspection;
import app.leaderboard.store.redis.connection.RedisUnavailableException;
import app.leaderboard.support.Load;
import app.leaderboard.support.MutableClock;
import app.leaderboard.support.ProcessGroup;
import app.leaderboard.support.RedisProcess;
import app.leaderboard.support.ServiceInstances;
import app.leaderboard.support.TestApi.Response;
import app.leaderboard.support.TestApi;
import app.leaderboard.support.TestClockConfiguration;
import app.leaderboard.support.TestProperties;

/**
 * The service under the model-based test, and the model beside it: one instance on an
 * embedded PostgreSQL and a redis-server process the test kills and restarts, with a
 * clock the test moves, a one-second drift check and a fast relay. Each action is done to
 * the service and, once the service acknowledged it, to the {@link BoardModel}.
 */
final class BoardWorld {

	/** Few users, so that chains tie, overtake, erase and reuse the same ids. */
	static final List<String> USERS = List.of("amy", "Ben", "cat", "dan", "eve", "fox");

	static final List<String> REGIONS = List.of("eu", "us", "asia");

	static final List<String> ORGS = List.of("acme", "globex");

	static final String PREFIX = "lbmodel:";

	private static final String[] ADMIN = { "Authorization", "Bearer " + TestProperties.ADMIN_TOKEN };

	final TestApi api;

	final JdbcTemplate jdbc;

	final Periods periods;

	final RedisInspection inspection;

	final RedisProcess redis;

	final MutableClock clock;

	private final CacheRebuild rebuild;

	private final RedisFaults faults;

	BoardModel model = new BoardModel();

	/** The actions of the running chain, as Java calls. */
	final List<BoardAction> done = new ArrayList<>();

	final ModelRunStats stats = new ModelRunStats();

	private BoardWorld(ConfigurableApplicationContext context, RedisProcess redis, Path redisDirectory) {
		this.redis = redis;
		this.api = new TestApi(ServiceInstances.port(context));
		this.jdbc = context.getBean(JdbcTemplate.class);
		this.periods = context.getBean(Periods.class);
		this.inspection = context.getBean(RedisInspection.class);
		this.clock = context.getBean(MutableClock.class);
		this.rebuild = context.getBean(CacheRebuild.class);
		this.faults = new RedisFaults(redis, redisDirectory, PREFIX);
	}

	/** PostgreSQL, Redis and the service, stopped with {@code processes}. */
	static BoardWorld start(Path directory, ProcessGroup processes) {
		EmbeddedPostgresServer postgres = processes.start(() -> EmbeddedPostgresServer.start(directory.resolve("pg")));
		Path redisDirectory = directory.resolve("redis").toAbsolutePath();
		RedisProcess redis = processes.start(() -> RedisProcess.start(redisDirectory));
		Map<String, String> properties = TestProperties.of(TestProperties.ADMIN, TestProperties.NO_RATE_LIMIT,
				TestProperties.FAST_RELAY_INTERVAL, "leaderboard.key-prefix=" + PREFIX,
				// docs/api.md: every board converges within two drift intervals and a
				// rebuild
				"leaderboard.drift-interval=1s");
		properties.put("leaderboard.database.url", postgres.jdbcUrl());
		properties.put("leaderboard.data-dir", directory.resolve("data").toString());
		properties.putAll(redis.properties());
		ConfigurableApplicationContext context = processes
			.start(() -> ServiceInstances.run(properties, TestClockConfiguration.class));
		return new BoardWorld(context, redis, redisDirectory);
	}

	/** Where every chain starts: empty tables and keys, Redis up, the default clock. */
	BoardWorld fresh() {
		this.done.clear();
		this.faults.fresh();
		this.clock.set(MutableClock.DEFAULT);
		// TRUNCATE can deadlock with a maintenance tick reading the same tables: retry
		Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			this.jdbc.execute("truncate users, period_totals, board_sizes, idempotency_keys, outbox, scopes");
			this.inspection.deleteOwnKeys();
		});
		this.model = new BoardModel();
		this.stats.chainStarted();
		return this;
	}

	void run(BoardAction action) {
		this.done.add(action);
		this.stats.action(action);
		action.run(this);
	}

	void update(String user, int count, String region, String org) {
		String body = "{\"user_id\":\"" + user + "\",\"count\":" + count
				+ ((region != null) ? ",\"region\":\"" + region + "\"" : "")
				+ ((org != null) ? ",\"org\":\"" + org + "\"" : "") + "}";
		// a retry with the same key is safe: an answer lost or 504 counts once at most
		String key = UUID.randomUUID().toString();
		for (int attempt = 1; attempt <= 5; attempt++) {
			Response response = send(
					() -> this.api.post("/api/redis-leaderboard/update", body, "Idempotency-Key", key));
			if (response != null && response.status() == 200) {
				this.model.update(user, count, region, org, this.clock.instant());
				BoardCheck
					.expectStats(this.model, this.clock.instant(), user, response,
							"the answer of " + this.done.get(this.done.size() - 1))
					.ifPresent((difference) -> {
						throw new AssertionError(difference + "\nafter " + this.done);
					});
				return;
			}
			if (response != null && response.status() == 503) {
				// nothing of it is applied, ever
				this.stats.refusedUpdate();
				return;
			}
			if (response != null && response.status() != 504) {
				throw new AssertionError("update " + body + " answered " + response.status() + " " + response.text()
						+ "\nafter " + this.done);
			}
			Load.sleep(200);
		}
		// the outcome is still unknown: PostgreSQL says whether the key was applied
		Integer applied = this.jdbc.queryForObject("select count(*) from idempotency_keys where key = ?", Integer.class,
				key);
		if (applied != null && applied > 0) {
			this.model.update(user, count, region, org, this.clock.instant());
		}
	}

	void setHidden(String user, boolean hidden) {
		Response response = this.api.post("/api/redis-leaderboard/admin/users/" + user + (hidden ? "/hide" : "/unhide"),
				null, ADMIN);
		if (expectKnown(user, response)) {
			this.model.setHidden(user, hidden);
		}
	}

	void erase(String user) {
		Response response = this.api.delete("/api/redis-leaderboard/admin/users/" + user, ADMIN);
		if (expectKnown(user, response)) {
			this.model.erase(user);
		}
	}

	/** docs/api.md: 200 for a known user, 404 for an unknown one, Redis up or not. */
	private boolean expectKnown(String user, Response response) {
		int expected = this.model.known(user) ? 200 : 404;
		if (response.status() != expected) {
			throw new AssertionError(this.done.get(this.done.size() - 1) + " answered " + response.status() + " "
					+ response.text() + ", expected " + expected + "\nafter " + this.done);
		}
		return expected == 200;
	}

	void reset(Period period) {
		Response response = this.api.post("/api/redis-leaderboard/admin/reset/" + period.id(), null, ADMIN);
		LocalDate start = BoardModel.start(period, BoardModel.today(this.clock.instant()));
		if (response.status() == 200) {
			long expected = this.model.withTotal(period, start);
			long answered = ((Number) response.read("$.users_reset")).longValue();
			if (answered != expected) {
				throw new AssertionError("reset(Period." + period + ") reset " + answered + " users, the model had "
						+ expected + "\nafter " + this.done);
			}
			this.model.reset(period, this.clock.instant());
		}
		else if (response.status() == 503) {
			// it needs Redis for the board's lock; PostgreSQL says whether it happened
			Integer left = this.jdbc.queryForObject(
					"select count(*) from period_totals where period = ? and period_start = ?", Integer.class,
					period.id(), start);
			if (left != null && left == 0) {
				this.model.reset(period, this.clock.instant());
			}
		}
		else {
			throw new AssertionError("reset answered " + response.status() + " " + response.text());
		}
	}

	void sync() {
		Response response = this.api.post("/api/redis-leaderboard/admin/sync", null, ADMIN);
		// 503 while Redis is down
		if (response.status() != 200 && response.status() != 503) {
			throw new AssertionError("sync() answered " + response.status() + " " + response.text());
		}
	}

	void rebuild(Period period, boolean previous, Scope scope) {
		PeriodInstance current = this.periods.current(period);
		PeriodInstance instance = (previous ? this.periods.previous(current) : current).in(scope);
		try {
			this.rebuild.rebuildBoard(instance, true, (n) -> {
			});
		}
		catch (RedisUnavailableException ex) {
			// Redis is down: nothing to build into
		}
	}

	void pauseRelay(boolean paused) {
		this.faults.pauseRelay(paused);
	}

	void redisFault(RedisFaults.Kind kind) {
		if (kind == RedisFaults.Kind.DELETE_CACHE) {
			int status = this.api.delete("/api/redis-leaderboard/admin/cache", ADMIN).status();
			// 503 while Redis is down
			if (status != 200 && status != 503) {
				throw new AssertionError("deleteCache() answered " + status + "\nafter " + this.done);
			}
			this.faults.pauseRelay(this.faults.relayPaused());
		}
		else {
			this.faults.apply(kind);
		}
	}

	void concurrently(BoardAction background, List<BoardAction> foreground) {
		CompletableFuture<Void> running = CompletableFuture.runAsync(() -> background.run(this));
		foreground.forEach((action) -> action.run(this));
		try {
			running.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof AssertionError failure) {
				throw failure;
			}
			throw ex;
		}
	}

	void sleep(int millis) {
		Load.sleep(millis);
	}

	/**
	 * Writes stop: Redis back up if the chain left it down, the relay resumed; then
	 * PostgreSQL must equal the model at once, and everything Redis serves must equal it
	 * within {@code within}, without an admin call.
	 */
	void awaitConverged(Duration within) {
		this.faults.up();
		new BoardCheck(this).awaitConverged(within);
	}

	private static Response send(java.util.function.Supplier<Response> request) {
		try {
			return request.get();
		}
		catch (RuntimeException ex) {
			// no answer (a reset connection, a timeout): the outcome is unknown
			return null;
		}
	}

}
