package app.leaderboard.store.redis.coordination;

/**
 * The work of a lock or lease stops: a renewal found that its holder no longer has it (it
 * stalled past its time to live and another holder took over, or Redis lost it).
 * {@link RedisLocks#withLock} and {@link JobLease#runHeld} end such work quietly.
 */
public class LockLostException extends RuntimeException {

	private final transient Held held;

	public LockLostException(Held held) {
		super("Lost " + held + " while its work ran");
		this.held = held;
	}

	/** The lock or lease that was lost. */
	public Held held() {
		return this.held;
	}

}
