package app.leaderboard.support;

import java.util.concurrent.locks.ReentrantLock;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Lets one instance at a time, of those a test starts in this JVM at once, set up
 * logging: Spring Boot's logging system is one per JVM, and two starts that configure it
 * together can find it half reset ("Unable to find Spring Environment in logger
 * context"). Held from the start's first event until its logging is set up, not for the
 * rest of the start, so instances still start side by side.
 */
final class LoggingStartLock {

	private static final ReentrantLock LOCK = new ReentrantLock();

	private LoggingStartLock() {
	}

	/** The two listeners to add to each start: one takes the lock, one gives it back. */
	static ApplicationListener<?>[] listeners() {
		return new ApplicationListener<?>[] { new Take(), new Give() };
	}

	/** Before Spring Boot's logging listener sees the start. */
	private static final class Take implements ApplicationListener<ApplicationStartingEvent>, Ordered {

		@Override
		public void onApplicationEvent(ApplicationStartingEvent event) {
			LOCK.lock();
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	/** After the logging listener set logging up, or when the start failed before. */
	private static final class Give implements ApplicationListener<ApplicationEvent>, Ordered {

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			boolean done = event instanceof ApplicationEnvironmentPreparedEvent
					|| event instanceof ApplicationFailedEvent;
			if (done && LOCK.isHeldByCurrentThread()) {
				LOCK.unlock();
			}
		}

		@Override
		public int getOrder() {
			return LoggingApplicationListener.DEFAULT_ORDER + 1;
		}

	}

}
