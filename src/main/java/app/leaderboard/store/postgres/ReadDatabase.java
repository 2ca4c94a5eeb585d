package app.leaderboard.store.postgres;

import java.time.Duration;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import app.leaderboard.config.ReplicaProperties;

/**
 * Where a read that may use the replica ({@code DATABASE_READ_URL}) runs: the fallback
 * reads, exports, rebuild snapshots and the start-up and drift checks. Everything else
 * reads and writes the primary.
 * <p>
 * Such a read never answers older data than the primary would (docs/consistency.md,
 * "Reads on a replica"): it first asks the primary for its log position, which lies after
 * every write acknowledged so far by any instance, and goes to the replica only once the
 * replica has replayed up to there. It waits {@code LEADERBOARD_REPLICA_READ_WAIT} at
 * most for that, then reads the primary. A replica that is left out
 * ({@link ReplicaMonitor}) is not asked at all. The cost on the primary is one
 * {@code select} of its position per read; on the replica, one per poll.
 * <p>
 * Counted in {@code leaderboard.replica.reads}, by {@code outcome}: {@code replica}
 * (answered there), {@code behind} (the primary, as the replica had not replayed in
 * time), {@code left-out} (the primary, as the replica was out of use) and {@code failed}
 * (the primary, after the replica failed the read).
 */
public class ReadDatabase {

	/** The longest pause between two polls of the replica's position. */
	private static final long MAX_POLL_MILLIS = 10;

	private final ReplicaPool replica;

	private final WalPositions positions;

	private final ReplicaMonitor monitor;

	private final Duration wait;

	private final Counter answered;

	private final Counter behind;

	private final Counter leftOut;

	private final Counter failed;

	ReadDatabase(ReplicaPool replica, WalPositions positions, ReplicaMonitor monitor, ReplicaProperties settings,
			MeterRegistry meters) {
		this.replica = replica;
		this.positions = positions;
		this.monitor = monitor;
		this.wait = settings.replicaReadWait();
		this.answered = reads(meters, "replica");
		this.behind = reads(meters, "behind");
		this.leftOut = reads(meters, "left-out");
		this.failed = reads(meters, "failed");
	}

	/**
	 * Reads that always go to {@code primary}, for the store's classes used outside the
	 * service's context (a probe in a JVM of its own).
	 */
	public static ReadDatabase primaryOnly(DataSource primary) {
		ReplicaPool none = ReplicaPool.none();
		MeterRegistry meters = new SimpleMeterRegistry();
		ReplicaProperties defaults = new ReplicaProperties(Duration.ofSeconds(5), Duration.ofMillis(100),
				Duration.ofSeconds(1));
		WalPositions positions = new WalPositions(new JdbcTemplate(primary), null);
		return new ReadDatabase(none, positions, new ReplicaMonitor(none, positions, "none", defaults, meters),
				defaults, meters);
	}

	private static Counter reads(MeterRegistry meters, String outcome) {
		return Counter.builder("leaderboard.replica.reads")
			.description("Reads that may use the replica, by where they went and why")
			.tag("outcome", outcome)
			.register(meters);
	}

	/**
	 * Runs {@code read} on the replica when it is in step, else on the primary. A read
	 * the replica fails is run again on the primary, so it must have no effect but its
	 * result.
	 */
	public <T> T read(Supplier<T> read) {
		return run(read, true);
	}

	/**
	 * As {@link #read}, for a read that hands its rows on as they come (an export, a
	 * rebuild's stream): one the replica fails is not run again, since part of it may
	 * have been handed on already; it fails, and its caller's retry goes to the primary.
	 */
	public <T> T stream(Supplier<T> stream) {
		return run(stream, false);
	}

	/** {@link #stream(Supplier)} of a stream with no result. */
	public void stream(Runnable stream) {
		run(() -> {
			stream.run();
			return null;
		}, false);
	}

	private <T> T run(Supplier<T> read, boolean again) {
		// in a transaction, Spring keeps its connection, wherever it is
		if (!this.replica.configured() || TransactionSynchronizationManager.isActualTransactionActive()) {
			return read.get();
		}
		if (!this.monitor.inUse()) {
			this.leftOut.increment();
			return this.replica.onPrimary(read);
		}
		long primary = this.positions.primary();
		boolean replayed;
		try {
			replayed = replayed(primary);
		}
		catch (DataAccessException ex) {
			this.monitor.suspect(ex);
			this.failed.increment();
			return this.replica.onPrimary(read);
		}
		if (!replayed) {
			this.behind.increment();
			return this.replica.onPrimary(read);
		}
		T result;
		try {
			result = this.replica.onReplica(read);
		}
		catch (DataAccessException ex) {
			this.monitor.suspect(ex);
			this.failed.increment();
			if (!again) {
				throw ex;
			}
			return this.replica.onPrimary(read);
		}
		this.answered.increment();
		return result;
	}

	/**
	 * Whether the replica replays up to {@code position} within the wait, polled at
	 * growing intervals (1 ms, 2 ms, 4 ms, ... 10 ms).
	 */
	private boolean replayed(long position) {
		long deadline = System.nanoTime() + this.wait.toNanos();
		long pause = 1;
		while (true) {
			if (this.positions.replayed(this.monitor.timeoutMillis()) >= position) {
				return true;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return false;
			}
			try {
				Thread.sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			pause = Math.min(pause * 2, MAX_POLL_MILLIS);
		}
	}

}
