package app.leaderboard.store.redis.connection;

/**
 * Whether the calling thread is serving an HTTP request. The HTTP layer answers it;
 * storage asks, so that {@link RedisGuard} can keep requests and background work on
 * breakers of their own without knowing what a request is.
 */
@FunctionalInterface
public interface RequestThread {

	/** Background work only: the CLI, and tests that build a guard by hand. */
	RequestThread NONE = () -> false;

	boolean servingRequest();

}
