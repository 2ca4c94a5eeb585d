package app.leaderboard.store.postgres;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import app.leaderboard.config.ReplicaProperties;

/**
 * Whether reads may use the replica: checked every
 * {@code LEADERBOARD_REPLICA_CHECK_INTERVAL}, the replica is left out while it does not
 * answer, is not a standby of the primary, or lags more than
 * {@code LEADERBOARD_REPLICA_MAX_LAG}, and taken back once it is in step again. A read
 * that fails on it leaves it out at once ({@link #suspect}). The gauges say the same
 * ({@code leaderboard.replica.configured}, {@code .in.use}, {@code .lag}), always
 * registered so that alert rules find them, with or without a replica.
 */
class ReplicaMonitor {

	private static final Logger log = LoggerFactory.getLogger(ReplicaMonitor.class);

	/** What reads may do with the replica, and why. */
	record State(boolean inUse, String reason, double lagSeconds) {
	}

	private final ReplicaPool replica;

	private final WalPositions positions;

	private final String where;

	private final Duration maxLag;

	/**
	 * How long a statement on the replica may take before it counts as hung: a check, or
	 * a read's poll, then leaves it out. Long enough for a trivial statement on a loaded
	 * machine, short enough that a read on a hung replica soon reads the primary.
	 */
	private static final int TIMEOUT_MILLIS = 1_000;

	private final ReplicaLag lag;

	private final AtomicReference<State> state;

	/**
	 * Whether a check has judged the replica yet: its first verdict is logged either way.
	 */
	private volatile boolean judged;

	ReplicaMonitor(ReplicaPool replica, WalPositions positions, String where, ReplicaProperties settings,
			MeterRegistry meters) {
		this.replica = replica;
		this.positions = positions;
		this.where = where;
		this.maxLag = settings.replicaMaxLag();
		this.lag = new ReplicaLag(this.maxLag.plus(settings.replicaCheckInterval().multipliedBy(3)));
		this.state = new AtomicReference<>(
				new State(false, replica.configured() ? "not checked yet" : "no DATABASE_READ_URL", Double.NaN));
		Gauge.builder("leaderboard.replica.configured", () -> replica.configured() ? 1 : 0)
			.description("1 when DATABASE_READ_URL names a replica, else 0")
			.register(meters);
		Gauge.builder("leaderboard.replica.in.use", () -> state().inUse() ? 1 : 0)
			.description("1 while reads that may use the replica do, 0 while it is left out or there is none")
			.register(meters);
		Gauge.builder("leaderboard.replica.lag", () -> state().lagSeconds())
			.description("How far the replica was behind the primary at the last check; NaN when unknown")
			.baseUnit("seconds")
			.register(meters);
	}

	State state() {
		return this.state.get();
	}

	boolean inUse() {
		return this.state.get().inUse();
	}

	/** Milliseconds a statement on the replica may take before it counts as hung. */
	int timeoutMillis() {
		return TIMEOUT_MILLIS;
	}

	@Scheduled(initialDelay = 0, fixedDelayString = "#{@'" + ReplicaProperties.BEAN + "'.replicaCheckInterval()}")
	void check() {
		if (!this.replica.configured()) {
			return;
		}
		long primary;
		long primarySystem;
		try {
			primarySystem = this.positions.layout().system();
			primary = this.positions.primary();
		}
		catch (DataAccessException ex) {
			// reads cannot use the replica without the primary's position; judge it again
			// once the primary answers
			return;
		}
		long now = System.nanoTime();
		this.lag.primaryAt(now, primary);
		WalPositions.Standby standby;
		try {
			standby = this.positions.standby(TIMEOUT_MILLIS);
		}
		catch (DataAccessException ex) {
			leaveOut("it does not answer", Double.NaN);
			return;
		}
		if (!standby.inRecovery() || standby.replayed() == null) {
			leaveOut("it is not a standby (pg_is_in_recovery() is false)", Double.NaN);
			return;
		}
		if (standby.system() != primarySystem) {
			leaveOut("it is not a replica of DATABASE_URL's server (another system identifier)", Double.NaN);
			return;
		}
		Duration behind = this.lag.behind(now, standby.replayed());
		double seconds = behind.toNanos() / 1e9;
		if (behind.compareTo(this.maxLag) > 0) {
			leaveOut("it lags " + behind.toMillis() + " ms behind the primary, more than LEADERBOARD_REPLICA_MAX_LAG",
					seconds);
			return;
		}
		State previous = this.state.getAndSet(new State(true, "in step", seconds));
		this.judged = true;
		if (!previous.inUse()) {
			log.info("PostgreSQL replica at {} in use for reads ({} ms behind the primary)", this.where,
					behind.toMillis());
		}
	}

	/**
	 * A read failed on the replica: leave it out at once rather than let the next reads
	 * fail too; the next check takes it back if it answers.
	 */
	void suspect(RuntimeException failure) {
		leaveOut("a read failed on it (" + failure.getClass().getSimpleName() + ")", Double.NaN);
	}

	private void leaveOut(String reason, double lagSeconds) {
		State previous = this.state.getAndSet(new State(false, reason, lagSeconds));
		boolean first = !this.judged;
		this.judged = true;
		if (previous.inUse() || first) {
			log.warn("PostgreSQL replica at {} left out: {}; its reads go to the primary", this.where, reason);
		}
	}

}
