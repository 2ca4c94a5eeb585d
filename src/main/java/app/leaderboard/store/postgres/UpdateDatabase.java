package app.leaderboard.store.postgres;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;

import app.leaderboard.config.LeagueProperties;

/**
 * The update path's PostgreSQL: {@link ScoreWrites} and {@link ScopedUpdates} on a pool
 * of their own, with transactions on that pool. Only group commit writes through it, so
 * that no other work (above all reads falling back to PostgreSQL while Redis is away) can
 * hold the connections an acknowledged update needs.
 */
public final class UpdateDatabase implements AutoCloseable {

	private final HikariDataSource pool;

	private final ScoreWrites writes;

	private final ScopedUpdates totals;

	/**
	 * @param statements the pool, observed while traces are on ({@link StatementTracing})
	 */
	UpdateDatabase(HikariDataSource pool, DataSource statements, LeagueProperties league) {
		this.pool = pool;
		JdbcTemplate jdbc = new JdbcTemplate(statements);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(statements);
		this.writes = new ScoreWrites(jdbc, new TransactionTemplate(transactions));
		// a league's places are taken in a transaction of their own (LeagueJoins)
		TransactionTemplate apart = new TransactionTemplate(transactions);
		apart.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.totals = new ScopedUpdates(jdbc, league, apart);
	}

	/** Idempotency keys and the transactions, on the update pool. */
	public ScoreWrites writes() {
		return this.writes;
	}

	/** Totals, scopes, board sizes and outbox rows, on the update pool. */
	public ScopedUpdates totals() {
		return this.totals;
	}

	/** The pool itself, for its size and gauges. */
	HikariDataSource pool() {
		return this.pool;
	}

	@Override
	public void close() {
		this.pool.close();
	}

}
