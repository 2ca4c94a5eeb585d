package app.leaderboard.postgres;

import org.jspecify.annotations.Nullable;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariDataSource;

import app.leaderboard.config.DatabaseSettings;
import app.leaderboard.config.LeaderboardProperties;

/**
 * The DataSource: the configured PostgreSQL, or the embedded one. Timeouts are short on
 * purpose: with PostgreSQL down an update must answer 503 within seconds, not hang.
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

	@Bean
	DataSource dataSource(LeaderboardProperties properties, EmbeddedPostgresHolder embedded) {
		DatabaseSettings settings = properties.database().settings();
		HikariDataSource pool = new HikariDataSource();
		pool.setPoolName("leaderboard");
		if (embedded.server() != null) {
			pool.setJdbcUrl(embedded.server().jdbcUrl());
			pool.setUsername("postgres");
		}
		else {
			pool.setJdbcUrl(settings.jdbcUrl());
			pool.setUsername(settings.user());
			pool.setPassword(settings.password());
			log.info("Using PostgreSQL at {} as {}", settings.describe(), settings.user());
		}
		pool.setMaximumPoolSize(20);
		pool.setConnectionTimeout(3000);
		pool.setValidationTimeout(1000);
		pool.setInitializationFailTimeout(-1);
		pool.addDataSourceProperty("connectTimeout", "3");
		pool.addDataSourceProperty("socketTimeout", "30");
		pool.addDataSourceProperty("tcpKeepAlive", "true");
		pool.addDataSourceProperty("reWriteBatchedInserts", "true");
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
