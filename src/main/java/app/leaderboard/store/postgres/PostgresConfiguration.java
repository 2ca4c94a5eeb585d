package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcTemplate;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.DatabasePoolProperties;
import app.leaderboard.config.DatabaseSettings;
import app.leaderboard.config.GroupCommitProperties;
import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.config.LeagueProperties;
import app.leaderboard.config.ReplicaProperties;

/**
 * The connection pools (see {@link #dataSource} and {@link #updateDatabase}): to the
 * configured PostgreSQL, or the embedded one, together within
 * {@code LEADERBOARD_DB_MAX_CONNECTIONS}; and to a replica when {@code DATABASE_READ_URL}
 * names one ({@link #replicaPool}), within the same number of its own. Timeouts are short
 * on purpose: with PostgreSQL down an update must answer 503 within seconds, not hang.
 */
@Configuration(proxyBeanMethods = false)
class PostgresConfiguration {

	/** Every pool's session settings: no statement may hold a connection past 20 s. */
	private static final String SESSION_OPTIONS = "-c statement_timeout=20000";

	private static final Logger log = LoggerFactory.getLogger(PostgresConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgresHolder embeddedPostgres(LeaderboardProperties properties) {
		DatabaseSettings settings = properties.database().settings();
		return new EmbeddedPostgresHolder(
				settings.embedded() ? EmbeddedPostgresServer.start(properties.dataPath()) : null);
	}

	/**
	 * The pool for everything but the updates: reads, the fallback (bounded by its
	 * bulkhead), the relay, rebuilds, administration. With a replica, the same pool
	 * behind {@link ReplicaPool.Routing}, which hands out the replica's connections to
	 * the reads {@link ReadDatabase} sends there.
	 */
	@Bean
	DataSource dataSource(LeaderboardProperties properties, DatabasePoolProperties budget,
			GroupCommitProperties groupCommit, EmbeddedPostgresHolder embedded, ReplicaPool replica,
			ObjectProvider<StatementTracing> tracing) {
		HikariDataSource pool = pool("leaderboard", budget.split(groupCommit.writeCommitters()).shared(),
				properties.database().settings(), embedded);
		// a quiet instance holds few connections; the rest open when work needs them
		pool.setMinimumIdle(Math.min(2, pool.getMaximumPoolSize()));
		if (embedded.server() == null) {
			DatabaseSettings settings = properties.database().settings();
			log.info("Using PostgreSQL at {} as {}", settings.describe(), settings.user());
		}
		return replica.route(observed(pool, tracing));
	}

	/**
	 * The replica's pool: everything that reaches the replica takes its connections here,
	 * so {@code LEADERBOARD_DB_MAX_CONNECTIONS} bounds them, as it bounds the primary's.
	 * It gives up on a connection sooner than the primary's pools: a read waiting for a
	 * dead replica would rather read the primary.
	 */
	@Bean(destroyMethod = "close")
	ReplicaPool replicaPool(LeaderboardProperties properties, DatabasePoolProperties budget, MeterRegistry meters,
			ObjectProvider<StatementTracing> tracing) {
		DatabaseSettings settings = properties.database().readSettings();
		if (settings == null) {
			return ReplicaPool.none();
		}
		HikariDataSource pool = pool("leaderboard-replica", budget.dbMaxConnections(), settings,
				new EmbeddedPostgresHolder(null));
		pool.setMinimumIdle(Math.min(2, pool.getMaximumPoolSize()));
		pool.setConnectionTimeout(1000);
		pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
		log.info("Reads that may use a replica go to the one at {} as {} while it is in step", settings.describe(),
				settings.user());
		return new ReplicaPool(pool, observed(pool, tracing));
	}

	/**
	 * The log positions of both servers, asked of their pools directly: the primary's,
	 * never routed to the replica.
	 */
	@Bean
	WalPositions walPositions(DataSource dataSource, ReplicaPool replica) {
		DataSource primary = (dataSource instanceof ReplicaPool.Routing routing) ? routing.primary() : dataSource;
		return new WalPositions(new JdbcTemplate(primary), replica.jdbc());
	}

	@Bean
	ReplicaMonitor replicaMonitor(ReplicaPool replica, WalPositions positions, LeaderboardProperties properties,
			ReplicaProperties settings, MeterRegistry meters) {
		DatabaseSettings replicaSettings = properties.database().readSettings();
		String where = (replicaSettings != null) ? replicaSettings.describe() : "none";
		return new ReplicaMonitor(replica, positions, where, settings, meters);
	}

	@Bean
	ReadDatabase readDatabase(ReplicaPool replica, WalPositions positions, ReplicaMonitor monitor,
			ReplicaProperties settings, MeterRegistry meters) {
		return new ReadDatabase(replica, positions, monitor, settings, meters);
	}

	@Bean("replica")
	@Conditional(ReplicaConfigured.class)
	ReplicaHealthIndicator replicaHealthIndicator(ReplicaMonitor monitor) {
		return new ReplicaHealthIndicator(monitor);
	}

	private static DataSource observed(HikariDataSource pool, ObjectProvider<StatementTracing> tracing) {
		StatementTracing traced = tracing.getIfAvailable();
		return (traced != null) ? traced.observe(pool.getPoolName(), pool) : pool;
	}

	/**
	 * The updates' own pool: one connection per committer and one spare (for the pool's
	 * validation while a committer holds its own). Kept apart so that reads falling back
	 * to PostgreSQL, or a rebuild, can never take the connections an update needs.
	 */
	@Bean(destroyMethod = "close")
	UpdateDatabase updateDatabase(LeaderboardProperties properties, DatabasePoolProperties budget,
			GroupCommitProperties groupCommit, EmbeddedPostgresHolder embedded, MeterRegistry meters,
			LeagueProperties league, ObjectProvider<StatementTracing> tracing) {
		HikariDataSource pool = pool("leaderboard-updates", budget.split(groupCommit.writeCommitters()).updates(),
				properties.database().settings(), embedded);
		// The update statements take arrays (one element per user of a batch), and a plan
		// made for the batch's values is estimated cheaper than the generic one by the
		// arrays' length alone, so PostgreSQL planned two of them afresh for every batch:
		// 1.4 ms of a batch's time in binds against 0.4 ms with the plans reused
		// (BENCHMARKS note 18). Their plans are key lookups whatever the values
		// (UpdatePlansIntegrationTests); this pool's statements alone reuse them.
		pool.addDataSourceProperty("options", SESSION_OPTIONS + " -c plan_cache_mode=force_generic_plan");
		pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
		return new UpdateDatabase(pool, observed(pool, tracing), league);
	}

	private static HikariDataSource pool(String name, int size, DatabaseSettings settings,
			EmbeddedPostgresHolder embedded) {
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName(name);
		if (embedded.server() != null) {
			pool.setJdbcUrl(embedded.server().jdbcUrl());
			pool.setUsername("postgres");
		}
		else {
			pool.setJdbcUrl(settings.jdbcUrl());
			pool.setUsername(settings.user());
			pool.setPassword(settings.password());
		}
		pool.setMaximumPoolSize(size);
		pool.setConnectionTimeout(3000);
		pool.setValidationTimeout(1000);
		pool.setInitializationFailTimeout(-1);
		pool.addDataSourceProperty("connectTimeout", "3");
		pool.addDataSourceProperty("socketTimeout", "30");
		pool.addDataSourceProperty("tcpKeepAlive", "true");
		pool.addDataSourceProperty("reWriteBatchedInserts", "true");
		// lets an operator (and a test) count this service's connections in
		// pg_stat_activity
		pool.addDataSourceProperty("ApplicationName", "leaderboard");
		pool.addDataSourceProperty("options", SESSION_OPTIONS);
		return pool;
	}

	/**
	 * {@code DATABASE_READ_URL} is set: read as the settings read it (blank is unset), so
	 * that a URL's characters never reach an expression.
	 */
	static class ReplicaConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String url = context.getEnvironment().getProperty("leaderboard.database.read-url");
			return url != null && !url.isBlank();
		}

	}

	/** Keeps the embedded server (or nothing) so that it stops with the context. */
	record EmbeddedPostgresHolder(@Nullable EmbeddedPostgresServer server) implements AutoCloseable {

		@Override
		public void close() throws Exception {
			if (this.server != null) {
				this.server.close();
			}
		}

	}

}
