package app.leaderboard.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test started (processes, fixtures, service instances), stopped together in the
 * reverse order of their start: every member is stopped even if one fails to stop, and
 * the first failure is thrown with the others suppressed.
 * <p>
 * A test class holds its expensive fixtures in one, started once for the class:
 *
 * <pre class="code">
 * &#064;RegisterExtension
 * static final ProcessGroup fixtures = new ProcessGroup();
 *
 * &#064;BeforeAll
 * static void start() {
 *     cluster = fixtures.start(() -&gt; RedisClusterFixture.start(directory));
 *     instances = fixtures.start(() -&gt; ServiceInstances.start(directory, 3, cluster.properties()));
 * }
 * </pre>
 *
 * and the group stops them after the class's {@code @AfterAll} methods, also when a
 * {@code @BeforeAll} failed half-way.
 */
public final class ProcessGroup implements AutoCloseable, AfterAllCallback {

	private final Deque<AutoCloseable> members = new ArrayDeque<>();

	/** Starts one more member with {@code start}; it stops with the group. */
	public <T extends AutoCloseable> T start(Supplier<T> start) {
		T member = start.get();
		synchronized (this.members) {
			this.members.push(member);
		}
		return member;
	}

	/** Stops every member, the last started first. */
	@Override
	public void close() {
		RuntimeException failure = null;
		while (true) {
			AutoCloseable member;
			synchronized (this.members) {
				member = this.members.poll();
			}
			if (member == null) {
				break;
			}
			try {
				member.close();
			}
			catch (Exception ex) {
				if (failure == null) {
					failure = (ex instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException("Could not stop " + member, ex);
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

	/**
	 * Polls {@code probe} every {@code every} until it returns true, taking an exception
	 * as "not yet"; fails when {@code process} (may be null) exits first, or when
	 * {@code within} has passed. {@code what} names the process and where its log is.
	 */
	public static void awaitReady(String what, Duration within, Duration every, Process process,
			Callable<Boolean> probe) {
		long deadline = System.nanoTime() + within.toNanos();
		while (true) {
			Exception last = null;
			try {
				if (Boolean.TRUE.equals(probe.call())) {
					return;
				}
			}
			catch (Exception ex) {
				last = ex;
			}
			if (process != null && !process.isAlive()) {
				throw new IllegalStateException(what + " exited with " + process.exitValue() + " before it was ready",
						last);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(what + " was not ready within " + within.toSeconds() + " s", last);
			}
			Load.sleep(every.toMillis());
		}
	}

}
