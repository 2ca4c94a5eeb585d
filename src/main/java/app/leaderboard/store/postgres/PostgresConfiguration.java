package app.leaderboard.store.postgres;

import org.jspecify.annotations.Nullable;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.DatabasePoolProperties;
import app.leaderboard.config.DatabaseSettings;
import app.leaderboard.config.GroupCommitProperties;
import app.leaderboard.config.LeaderboardProperties;
import app.leaderboard.config.LeagueProperties;

/**
 * The connection pools (see {@link #dataSource} and {@link #updateDatabase}): to the
 * configured PostgreSQL, or the embedded one, together within
 * {@code LEADERBOARD_DB_MAX_CONNECTIONS}. Timeouts are short on purpose: with PostgreSQL
 * down an update must answer 503 within seconds, not hang.
 */
@Configuration(proxyBeanMethods = false)
class PostgresConfiguration {

	private static final Logger log = LoggerFactory.getLogger(PostgresConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgresHolder embeddedPostgres(LeaderboardProperties properties) {
		DatabaseSettings settings = properties.database().settings();
		return new EmbeddedPostgresHolder(
				settings.embedded() ? EmbeddedPostgresServer.start(properties.dataPath()) : null);
	}

	/**
	 * The pool for everything but the updates: reads, the fallback (bounded by its
	 * bulkhead), the relay, rebuilds, administration.
	 */
	@Bean
	DataSource dataSource(LeaderboardProperties properties, DatabasePoolProperties budget,
			GroupCommitProperties groupCommit, EmbeddedPostgresHolder embedded,
			ObjectProvider<StatementTracing> tracing) {
		HikariDataSource pool = pool("leaderboard", budget.split(groupCommit.writeCommitters()).shared(), properties,
				embedded);
		// a quiet instance holds few connections; the rest open when work needs them
		pool.setMinimumIdle(Math.min(2, pool.getMaximumPoolSize()));
		if (embedded.server() == null) {
			DatabaseSettings settings = properties.database().settings();
			log.info("Using PostgreSQL at {} as {}", settings.describe(), settings.user());
		}
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
				properties, embedded);
		pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
		StatementTracing traced = tracing.getIfAvailable();
		return new UpdateDatabase(pool, (traced != null) ? traced.observe(pool.getPoolName(), pool) : pool, league);
	}

	private static HikariDataSource pool(String name, int size, LeaderboardProperties properties,
			EmbeddedPostgresHolder embedded) {
		DatabaseSettings settings = properties.database().settings();
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
		pool.addDataSourceProperty("options", "-c statement_timeout=20000");
		return pool;
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
