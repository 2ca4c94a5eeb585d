package app.leaderboard.support;

/**
 * Several processes that a test uses as one (a Redis Cluster, a Sentinel deployment,
 * instances of the service): started together, each on a free loopback port and waited
 * for, and stopped together, the last started first (a {@link ProcessGroup}). When the
 * start fails half-way, whatever had started is stopped before the failure is thrown.
 */
public abstract class Fixture implements AutoCloseable {

	/** Every process of the fixture; {@link #startProcesses()} starts them through it. */
	protected final ProcessGroup processes = new ProcessGroup();

	/** Starts the processes and waits until they work together. */
	protected abstract void startProcesses();

	/** Starts {@code fixture}, or stops what it started and throws. */
	protected static <F extends Fixture> F start(F fixture) {
		try {
			fixture.startProcesses();
			return fixture;
		}
		catch (RuntimeException | Error ex) {
			try {
				fixture.close();
			}
			catch (RuntimeException stop) {
				ex.addSuppressed(stop);
			}
			throw ex;
		}
	}

	@Override
	public void close() {
		this.processes.close();
	}

}
