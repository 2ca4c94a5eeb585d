package app.leaderboard.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The replica's connection pool ({@code DATABASE_READ_URL}), or none, and which of the
 * two databases the reads of a thread go to. With a replica, the service's
 * {@code DataSource} is a {@link Routing} in front of the primary's pool: a connection
 * taken outside a transaction while {@link ReadDatabase} has chosen the replica for the
 * thread comes from the replica; every other one, from the primary. So the store's
 * classes stay as they are, and only what {@link ReadDatabase} runs can reach the
 * replica.
 */
final class ReplicaPool implements AutoCloseable {

	private final @Nullable HikariDataSource pool;

	private final @Nullable DataSource connections;

	/** True while the thread's reads go to the replica. */
	private final ThreadLocal<Boolean> onReplica = ThreadLocal.withInitial(() -> false);

	/**
	 * @param pool the replica's pool, or null without a replica
	 * @param connections where its connections are taken: the pool, or the pool observed
	 * for traces
	 */
	ReplicaPool(@Nullable HikariDataSource pool, @Nullable DataSource connections) {
		this.pool = pool;
		this.connections = connections;
	}

	static ReplicaPool none() {
		return new ReplicaPool(null, null);
	}

	boolean configured() {
		return this.connections != null;
	}

	/** Statements on the replica itself, whatever the thread's choice. */
	@Nullable JdbcTemplate jdbc() {
		return (this.connections != null) ? new JdbcTemplate(this.connections) : null;
	}

	/** The service's DataSource: {@code primary} alone, or routed with the replica. */
	DataSource route(DataSource primary) {
		return configured() ? new Routing(primary) : primary;
	}

	boolean onReplica() {
		return this.onReplica.get();
	}

	/** Runs {@code read} with the thread's connections taken from the replica. */
	<T> T onReplica(Supplier<T> read) {
		return on(true, read);
	}

	/** Runs {@code read} with the thread's connections taken from the primary. */
	<T> T onPrimary(Supplier<T> read) {
		return on(false, read);
	}

	private <T> T on(boolean replica, Supplier<T> read) {
		boolean before = this.onReplica.get();
		this.onReplica.set(replica);
		try {
			return read.get();
		}
		finally {
			if (before) {
				this.onReplica.set(true);
			}
			else {
				this.onReplica.remove();
			}
		}
	}

	@Override
	public void close() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

	/**
	 * The primary's pool, or the replica's while the thread reads from it. A transaction
	 * keeps the connection it began with (Spring binds it to the thread), so a
	 * transaction begun on the replica stays there, and one begun on the primary never
	 * moves.
	 */
	final class Routing extends DelegatingDataSource {

		Routing(DataSource primary) {
			super(primary);
		}

		DataSource primary() {
			return obtainTargetDataSource();
		}

		@Override
		public Connection getConnection() throws SQLException {
			DataSource replica = ReplicaPool.this.connections;
			return (onReplica() && replica != null) ? replica.getConnection() : super.getConnection();
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			DataSource replica = ReplicaPool.this.connections;
			return (onReplica() && replica != null) ? replica.getConnection(username, password)
					: super.getConnection(username, password);
		}

	}

}
